using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Specs;
using YamlDotNet.RepresentationModel;

namespace CacheTasks.Environments;

/// <summary>
/// Reads the roots of a <c>spack.lock</c> (JSON, which the YAML parser reads too and gives line
/// and column for): <c>roots: [{hash, spec}]</c>, with each root's package name and the nodes of
/// its DAG that installing it from a build cache also installs, from <c>concrete_specs</c>.
/// </summary>
internal static class LockFileReader
{
    private static readonly string[] DefaultDeptypes = ["build", "link"];

    // Spack's dependency hash keys, newest first.
    private static readonly string[] HashKeys = ["hash", "dag_hash", "build_hash", "full_hash"];

    /// <summary>
    /// The roots; a lock that cannot be used is an <see cref="EnvironmentException"/>. A dependency
    /// the lock names but does not describe is CT3003 in <paramref name="diagnostics"/>, and the
    /// rest of the lock is used.
    /// </summary>
    public static IReadOnlyList<LockRoot> Read(string path, ICollection<Diagnostic> diagnostics)
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
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<LockRoot>();
        foreach (var entry in roots.Children)
        {
            if (entry is not YamlMappingNode mapping
                || EnvironmentYaml.Child(mapping, "hash") is not YamlScalarNode { Value: { Length: > 0 } hash } hashNode
                || EnvironmentYaml.Child(mapping, "spec") is not YamlScalarNode { Value: { Length: > 0 } spec })
            {
                throw Invalid(Messages.EnvironmentLockRoot, entry);
            }

            var dependencies = concrete is null ? [] : Closure(path, hash, concrete, reported, diagnostics);
            result.Add(new LockRoot(spec, NameOf(hash, spec, concrete), hash, EnvironmentYaml.TextAt(path, hashNode), dependencies));
        }

        return result;
    }

    /// <summary>
    /// The nodes reached from the root through link and run edges: what <c>spack install</c> of
    /// the root's binary installs with it (build-only dependencies, such as compilers, are not
    /// needed from the cache). Externals are the user's own and never in a build cache.
    /// </summary>
    private static IReadOnlyList<LockedDependency> Closure(string path, string rootHash, YamlMappingNode concrete, HashSet<string> reported, ICollection<Diagnostic> diagnostics)
    {
        var result = new List<LockedDependency>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { rootHash };
        var pending = new Queue<string>();
        pending.Enqueue(rootHash);
        while (pending.Count > 0)
        {
            var parentHash = pending.Dequeue();
            if (Node(concrete, parentHash) is not { } parent)
            {
                continue;
            }

            foreach (var (name, hash, deptypes, at) in Edges(parent))
            {
                if (!deptypes.Contains("link") && !deptypes.Contains("run"))
                {
                    continue;
                }

                if (!seen.Add(hash))
                {
                    continue;
                }

                if (Node(concrete, hash) is not { } node)
                {
                    if (reported.Add(hash))
                    {
                        diagnostics.Add(new EnvironmentException(path, string.Format(Messages.EnvironmentErrorLockDependency, name, hash, NodeName(parent) ?? parentHash), EnvironmentYaml.At(path, at)).ToDiagnostic());
                    }

                    continue;
                }

                if (EnvironmentYaml.Child(node, "external") is { } external && !EnvironmentYaml.IsNull(external))
                {
                    continue;
                }

                result.Add(new LockedDependency(NodeName(node) ?? name, hash));
                pending.Enqueue(hash);
            }
        }

        return result;
    }

    // Lock files up to version 2 nest each node under its package name: {hash: {name: {...}}}.
    private static YamlMappingNode? Node(YamlMappingNode concrete, string hash)
    {
        if (EnvironmentYaml.Child(concrete, hash) is not YamlMappingNode node)
        {
            return null;
        }

        return EnvironmentYaml.Child(node, "name") is null && node.Children.Count == 1 && node.Children.First().Value is YamlMappingNode nested ? nested : node;
    }

    private static string? NodeName(YamlMappingNode node) =>
        EnvironmentYaml.Child(node, "name") is YamlScalarNode { Value: { Length: > 0 } name } ? name : null;

    /// <summary>
    /// A node's edges in every layout Spack has written: <c>[{name, hash, parameters: {deptypes}}]</c>
    /// (lock files 4 and later), <c>[{name, hash, type}]</c>, and <c>{name: {hash, type}}</c> or
    /// <c>{name: hash}</c> (older ones, where the hash key may also be <c>build_hash</c>).
    /// </summary>
    private static IEnumerable<(string Name, string Hash, IReadOnlyCollection<string> Deptypes, YamlNode At)> Edges(YamlMappingNode node)
    {
        switch (EnvironmentYaml.Child(node, "dependencies"))
        {
            case YamlSequenceNode list:
                foreach (var item in list.Children)
                {
                    if (item is YamlMappingNode edge && EnvironmentYaml.Child(edge, "name") is YamlScalarNode { Value: { Length: > 0 } name } && HashOf(edge) is { } hash)
                    {
                        var parameters = EnvironmentYaml.Child(edge, "parameters") as YamlMappingNode;
                        yield return (name, hash, Deptypes(parameters is null ? EnvironmentYaml.Child(edge, "type") : EnvironmentYaml.Child(parameters, "deptypes")), item);
                    }
                }

                break;
            case YamlMappingNode byName:
                foreach (var pair in byName.Children)
                {
                    if (pair.Key is not YamlScalarNode { Value: { Length: > 0 } name })
                    {
                        continue;
                    }

                    if (pair.Value is YamlScalarNode { Value: { Length: > 0 } bare })
                    {
                        yield return (name, bare, DefaultDeptypes, pair.Value);
                    }
                    else if (pair.Value is YamlMappingNode edge && HashOf(edge) is { } hash)
                    {
                        yield return (name, hash, Deptypes(EnvironmentYaml.Child(edge, "type")), pair.Value);
                    }
                }

                break;
        }
    }

    private static string? HashOf(YamlMappingNode edge) =>
        HashKeys
            .Select(key => EnvironmentYaml.Child(edge, key))
            .OfType<YamlScalarNode>()
            .Select(s => s.Value)
            .FirstOrDefault(v => !string.IsNullOrEmpty(v));

    private static IReadOnlyCollection<string> Deptypes(YamlNode? node) => node switch
    {
        YamlSequenceNode list => list.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty).ToList(),
        YamlScalarNode { Value: { Length: > 0 } one } => [one],
        _ => DefaultDeptypes,
    };

    private static string NameOf(string hash, string spec, YamlMappingNode? concrete)
    {
        if (concrete is not null && Node(concrete, hash) is { } node && NodeName(node) is { } name)
        {
            return name;
        }

        if (concrete is not null && EnvironmentYaml.Child(concrete, hash) is YamlMappingNode { Children.Count: 1 } old && old.Children.First().Key is YamlScalarNode { Value: { Length: > 0 } oldName })
        {
            return oldName;
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
