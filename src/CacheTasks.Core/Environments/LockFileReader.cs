using CacheTasks.Specs;
using YamlDotNet.RepresentationModel;

namespace CacheTasks.Environments;

/// <summary>
/// Reads the roots of a <c>spack.lock</c> (JSON, which the YAML parser reads too and gives line
/// and column for): <c>roots: [{hash, spec}]</c>, with each root's package name from
/// <c>concrete_specs</c>.
/// </summary>
internal static class LockFileReader
{
    /// <summary>The roots; a lock that cannot be used is an <see cref="EnvironmentException"/>.</summary>
    public static IReadOnlyList<LockRoot> Read(string path)
    {
        EnvironmentException Invalid(string reason, YamlNode? node) =>
            new(path, string.Format(Messages.EnvironmentErrorLock, reason), node is null ? new(path) : EnvironmentYaml.At(path, node));

        YamlNode? root;
        try
        {
            root = EnvironmentYaml.Load(path, null);
        }
        catch (EnvironmentException e)
        {
            throw new EnvironmentException(path, string.Format(Messages.EnvironmentErrorLock, e.Message), e.Location);
        }

        if (root is not YamlMappingNode lockFile || EnvironmentYaml.Child(lockFile, "roots") is not YamlSequenceNode roots || roots.Children.Count == 0)
        {
            throw Invalid(Messages.EnvironmentLockNoRoots, root);
        }

        var concrete = EnvironmentYaml.Child(lockFile, "concrete_specs") as YamlMappingNode;
        var result = new List<LockRoot>();
        foreach (var entry in roots.Children)
        {
            if (entry is not YamlMappingNode mapping
                || EnvironmentYaml.Child(mapping, "hash") is not YamlScalarNode { Value: { Length: > 0 } hash } hashNode
                || EnvironmentYaml.Child(mapping, "spec") is not YamlScalarNode { Value: { Length: > 0 } spec })
            {
                throw Invalid(Messages.EnvironmentLockRoot, entry);
            }

            result.Add(new LockRoot(spec, NameOf(hash, spec, concrete), hash, EnvironmentYaml.TextAt(path, hashNode)));
        }

        return result;
    }

    private static string NameOf(string hash, string spec, YamlMappingNode? concrete)
    {
        if (concrete is not null
            && EnvironmentYaml.Child(concrete, hash) is YamlMappingNode node
            && EnvironmentYaml.Child(node, "name") is YamlScalarNode { Value: { Length: > 0 } name })
        {
            return name;
        }

        try
        {
            return SpecParser.ParseAnonymous(spec).Name;
        }
        catch (SpecParseException)
        {
            // Old lock files may write the spec in pre-1.0 syntax; the name is what comes first.
            return new string(spec.TakeWhile(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.').ToArray());
        }
    }
}
