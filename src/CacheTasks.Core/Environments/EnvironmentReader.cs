using CacheTasks.Diagnostics;
using CacheTasks.Platform;
using CacheTasks.Requirements;
using YamlDotNet.RepresentationModel;

namespace CacheTasks.Environments;

/// <summary>
/// Turns a Spack environment (<c>spack.yaml</c>) into requirements, one per spec of
/// <c>spack: specs:</c> with definitions, matrices and references expanded, each pointing at the
/// line and column it was written at. With <see cref="EnvironmentContext.UseLockFile"/> and a
/// <c>spack.lock</c> beside the file, the lock's roots are required instead, by concrete hash,
/// each with the locked nodes its binary needs.
/// Every problem is CT3003 with file, line and column; whatever can still be read is returned.
/// </summary>
public static class EnvironmentReader
{
    public const string LockFileName = "spack.lock";

    /// <remarks><paramref name="includedFiles"/>, when given, receives every file an <c>include:</c> named (found or not), so an incremental build can date them.</remarks>
    public static IReadOnlyList<RequirementInput> Read(EnvironmentInput input, EnvironmentContext context, ICollection<Diagnostic> diagnostics, ICollection<string>? includedFiles = null)
    {
        string path;
        try
        {
            path = Path.GetFullPath(input.Path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            diagnostics.Add(new EnvironmentException(input.Path, string.Format(Messages.EnvironmentErrorUnreadable, e.Message), null).ToDiagnostic());
            return [];
        }

        var expander = new SpecListExpander(new ConditionEvaluator(context.Host, context.Variables, context.Microarchitectures ?? MicroarchitectureTable.Embedded, context.HostName), diagnostics);
        try
        {
            if (EnvironmentYaml.Load(path, null) is not YamlMappingNode top || EnvironmentYaml.Child(top, "spack") is not YamlMappingNode spack)
            {
                throw new EnvironmentException(path, Messages.EnvironmentErrorNoSpack, new SourceLocation(path, 1, 1));
            }

            // Included files are lower-precedence config scopes; their definitions come first, so
            // the environment's own definitions and specs can use them.
            var definitions = new List<Definition>();
            var chain = new List<string> { path };
            var variables = new PathVariables(Path.GetDirectoryName(path)!, context.Host, context.Variables);
            ReadIncludes(spack, path, chain, new HashSet<string>(StringComparer.Ordinal) { path }, definitions, expander, variables, diagnostics, includedFiles);
            ReadDefinitions(spack, path, definitions, diagnostics);
            expander.Define(definitions);

            var specs = ReadSpecs(spack, EnvironmentYaml.Key(top, "spack")!, path, expander, diagnostics);
            var lockPath = Path.Combine(Path.GetDirectoryName(path)!, LockFileName);
            if (context.UseLockFile && File.Exists(lockPath))
            {
                try
                {
                    return LockFileReader.Read(lockPath, diagnostics)
                        .Select(root => new RequirementInput(root.Name + "/" + root.Hash, input.Stack, input.Severity, Location: WrittenAt(root, specs)) { LockedDependencies = root.Dependencies })
                        .ToList();
                }
                catch (EnvironmentException e)
                {
                    diagnostics.Add(e.ToDiagnostic());
                }
            }

            return specs.Select(s => s.ToInput(input.Stack, input.Severity)).ToList();
        }
        catch (EnvironmentException e)
        {
            diagnostics.Add(e.ToDiagnostic());
            return [];
        }
    }

    // Spack writes a root's spec in its own spelling ("hdf5+mpi" for "hdf5 +mpi"): the same text,
    // the same text without spaces, or the only spec of that package point into spack.yaml;
    // otherwise the hash in spack.lock is the place to look.
    private static SourceLocation WrittenAt(LockRoot root, List<EnvironmentSpec> specs)
    {
        static string Compact(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
        var byName = specs.Where(s => s.Text.StartsWith(root.Name, StringComparison.Ordinal) && (s.Text.Length == root.Name.Length || !IsNameChar(s.Text[root.Name.Length]))).ToList();
        return (specs.FirstOrDefault(s => s.Text == root.Spec)
            ?? specs.FirstOrDefault(s => Compact(s.Text) == Compact(root.Spec))
            ?? (byName.Count == 1 ? byName[0] : null))?.Location ?? root.Location;
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '-' or '_' or '.';

    private static List<EnvironmentSpec> ReadSpecs(YamlMappingNode spack, YamlNode spackKey, string path, SpecListExpander expander, ICollection<Diagnostic> diagnostics)
    {
        var node = EnvironmentYaml.Child(spack, "specs");
        if (node is YamlSequenceNode { Children.Count: > 0 } list)
        {
            return expander.Expand(list, path);
        }

        if (node is not null && !EnvironmentYaml.IsNull(node) && node is not YamlSequenceNode)
        {
            diagnostics.Add(new EnvironmentException(path, string.Format(Messages.EnvironmentErrorShape, "specs", Messages.EnvironmentShapeList), EnvironmentYaml.At(path, node)).ToDiagnostic());
            return [];
        }

        var at = EnvironmentYaml.Key(spack, "specs") ?? spackKey;
        diagnostics.Add(new EnvironmentException(path, Messages.EnvironmentErrorNoSpecs, EnvironmentYaml.At(path, at)).ToDiagnostic());
        return [];
    }

    private static void ReadDefinitions(YamlMappingNode section, string file, List<Definition> definitions, ICollection<Diagnostic> diagnostics)
    {
        var node = EnvironmentYaml.Child(section, "definitions");
        if (EnvironmentYaml.IsNull(node))
        {
            return;
        }

        if (node is not YamlSequenceNode list)
        {
            diagnostics.Add(Shape(file, node!, "definitions", Messages.EnvironmentShapeList));
            return;
        }

        foreach (var entry in list.Children)
        {
            var named = entry is YamlMappingNode mapping
                ? mapping.Children.Where(c => c.Key is YamlScalarNode { Value: not "when" }).ToList()
                : [];
            var when = entry is YamlMappingNode m ? EnvironmentYaml.Child(m, "when") : null;
            if (named.Count != 1 || named[0].Key is not YamlScalarNode { Value: { } name } || named[0].Value is not YamlSequenceNode items || (when is not null && when is not YamlScalarNode))
            {
                diagnostics.Add(Shape(file, entry, "definitions", Messages.EnvironmentShapeDefinition));
                continue;
            }

            definitions.Add(new Definition(name, items, (when as YamlScalarNode)?.Value, when, file));
        }
    }

    private static void ReadIncludes(YamlMappingNode section, string file, List<string> chain, HashSet<string> visited, List<Definition> definitions, SpecListExpander expander, PathVariables variables, ICollection<Diagnostic> diagnostics, ICollection<string>? includedFiles)
    {
        var node = EnvironmentYaml.Child(section, "include");
        if (EnvironmentYaml.IsNull(node))
        {
            return;
        }

        if (node is not YamlSequenceNode list)
        {
            diagnostics.Add(Shape(file, node!, "include", Messages.EnvironmentShapeList));
            return;
        }

        foreach (var entry in list.Children)
        {
            var (pathNode, optional, whenNode) = entry switch
            {
                YamlScalarNode scalar => (scalar, false, null),
                YamlMappingNode mapping => (
                    EnvironmentYaml.Child(mapping, "path") as YamlScalarNode,
                    EnvironmentYaml.Child(mapping, "optional") is YamlScalarNode { Value: "true" or "True" },
                    EnvironmentYaml.Child(mapping, "when") as YamlScalarNode),
                _ => (null, false, null),
            };
            if (pathNode is not { Value: { Length: > 0 } relative })
            {
                diagnostics.Add(Shape(file, entry, "include", Messages.EnvironmentShapeString));
                continue;
            }

            if (whenNode is { Value: { } when } && !expander.Holds(when, relative, file, whenNode))
            {
                continue;
            }

            var at = EnvironmentYaml.TextAt(file, pathNode);
            if (relative.Contains("://"))
            {
                diagnostics.Add(new EnvironmentException(file, string.Format(Messages.EnvironmentErrorIncludeRemote, relative), at).ToDiagnostic());
                continue;
            }

            var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, variables.Substitute(relative)));
            if (chain.Contains(full))
            {
                var cycle = string.Join(" -> ", chain.SkipWhile(f => f != full).Append(full));
                diagnostics.Add(new EnvironmentException(file, string.Format(Messages.EnvironmentErrorIncludeCycle, relative, cycle), at).ToDiagnostic());
                continue;
            }

            // A folder is a whole config scope (packages.yaml, …); it holds no environment specs.
            if (!visited.Add(full) || Directory.Exists(full))
            {
                continue;
            }

            // Recorded even when missing: an optional include that appears later changes the result.
            includedFiles?.Add(full);
            if (!File.Exists(full))
            {
                if (!optional)
                {
                    diagnostics.Add(new EnvironmentException(file, string.Format(Messages.EnvironmentErrorIncludeMissing, full), at).ToDiagnostic());
                }

                continue;
            }

            YamlNode? root;
            try
            {
                root = EnvironmentYaml.Load(full, at);
            }
            catch (EnvironmentException e)
            {
                diagnostics.Add(e.ToDiagnostic());
                continue;
            }

            if (root is not YamlMappingNode included)
            {
                continue;
            }

            // A config file has its sections at the top; a spack.yaml-shaped file has them under spack:.
            var scope = EnvironmentYaml.Child(included, "spack") as YamlMappingNode ?? included;
            chain.Add(full);
            ReadIncludes(scope, full, chain, visited, definitions, expander, variables, diagnostics, includedFiles);
            chain.RemoveAt(chain.Count - 1);
            ReadDefinitions(scope, full, definitions, diagnostics);
        }
    }

    private static Diagnostic Shape(string file, YamlNode node, string what, string shape) =>
        new EnvironmentException(file, string.Format(Messages.EnvironmentErrorShape, what, shape), EnvironmentYaml.At(file, node)).ToDiagnostic();
}
