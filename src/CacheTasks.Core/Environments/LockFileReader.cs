using CacheTasks.Catalog;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.IO;
using CacheTasks.Specs;

namespace CacheTasks.Environments;

/// <summary>
/// Reads the roots of a <c>spack.lock</c>: <c>roots: [{hash, spec}]</c>, with each root's package
/// name and the nodes of its DAG that installing it from a build cache also installs, from
/// <c>concrete_specs</c>. A lock is JSON (Spack writes nothing else) and can be megabytes for a
/// CI stack, so it is read once, front to back, and each root's closure is walked over the parsed graph.
/// </summary>
internal static partial class LockFileReader
{
    /// <summary>
    /// The roots; a lock that cannot be used is an <see cref="EnvironmentException"/>. A dependency
    /// the lock names but does not describe is CT3003 in <paramref name="diagnostics"/>, and the
    /// rest of the lock is used.
    /// </summary>
    public static IReadOnlyList<LockRoot> Read(string path, ICollection<Diagnostic> diagnostics)
    {
        EnvironmentException Invalid(string reason, SourceLocation location) =>
            new(path, string.Format(Messages.EnvironmentErrorLock, reason), location);

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw Invalid(string.Format(Messages.EnvironmentErrorUnreadable, e.Message), new SourceLocation(path));
        }

        LockGraph graph;
        try
        {
            graph = LockGraph.Parse(bytes);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw Invalid(
                string.Format(Messages.EnvironmentLockNotJson, JsonErrorText.Reason(e.Message)),
                new SourceLocation(path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1));
        }

        var locations = new Locations(bytes, path);
        if (graph.Roots.Count == 0)
        {
            throw Invalid(Messages.EnvironmentLockNoRoots, graph.RootsAt < 0 ? new SourceLocation(path, 1, 1) : locations.At(graph.RootsAt));
        }

        if (graph.Roots.FirstOrDefault(r => r.Hash is null || r.Spec is null) is { } bad)
        {
            throw Invalid(Messages.EnvironmentLockRoot, locations.At(bad.At));
        }

        var closures = new ClosureWalker(graph);
        var result = new List<LockRoot>(graph.Roots.Count);
        var dangling = new List<(LockGraph.Edge Edge, string Parent)>();
        foreach (var root in graph.Roots)
        {
            var dependencies = closures.Walk(root.Hash!, dangling);
            result.Add(new LockRoot(root.Spec!, NameOf(root.Hash!, root.Spec!, graph), root.Hash!, locations.At(root.HashAt), dependencies));
        }

        foreach (var (edge, parent) in dangling.OrderBy(d => d.Edge.At))
        {
            diagnostics.Add(new EnvironmentException(path, string.Format(Messages.EnvironmentErrorLockDependency, edge.Name, edge.Hash, parent), locations.At(edge.At)).ToDiagnostic());
        }

        return result;
    }

    private static string NameOf(string hash, string spec, LockGraph graph)
    {
        if (graph.Nodes.TryGetValue(hash, out var node) && node.Name is { Length: > 0 } name)
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

    /// <summary>
    /// The nodes reached from a root through link and run edges: what <c>spack install</c> of the
    /// root's binary installs with it (build-only dependencies, such as compilers, are not needed
    /// from the cache). Externals are the user's own and never in a build cache. The roots of one
    /// lock share their nodes, so each node's <see cref="LockedDependency"/> is made once.
    /// </summary>
    private sealed class ClosureWalker(LockGraph graph)
    {
        private readonly Dictionary<string, LockedDependency> _made = new(StringComparer.Ordinal);
        private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly Queue<LockGraph.Node> _pending = new();

        public IReadOnlyList<LockedDependency> Walk(string rootHash, List<(LockGraph.Edge Edge, string Parent)> dangling)
        {
            if (!graph.Nodes.TryGetValue(rootHash, out var root))
            {
                return [];
            }

            var result = new List<LockedDependency>();
            _seen.Clear();
            _seen.Add(rootHash);
            _pending.Enqueue(root);
            while (_pending.Count > 0)
            {
                var parent = _pending.Dequeue();
                foreach (var edge in parent.Edges)
                {
                    if (!edge.LinkOrRun || !_seen.Add(edge.Hash))
                    {
                        continue;
                    }

                    if (!graph.Nodes.TryGetValue(edge.Hash, out var node))
                    {
                        if (_reported.Add(edge.Hash))
                        {
                            dangling.Add((edge, parent.Name ?? parent.Hash));
                        }

                        continue;
                    }

                    if (node.External)
                    {
                        continue;
                    }

                    if (!_made.TryGetValue(edge.Hash, out var dependency))
                    {
                        _made[edge.Hash] = dependency = new LockedDependency(node.Name ?? edge.Name, edge.Hash);
                    }

                    result.Add(dependency);
                    _pending.Enqueue(node);
                }
            }

            return result;
        }
    }

    /// <summary>Lines and columns of byte offsets, asked for in any order; each answer counts from the nearest earlier one asked.</summary>
    private sealed class Locations(byte[] bytes, string path)
    {
        private LineCounter _counter = new();

        public SourceLocation At(long offset)
        {
            if (offset < _counter.Position)
            {
                _counter = new LineCounter();
            }

            _counter.MoveTo(bytes, 0, offset);
            return new SourceLocation(path, _counter.Line, _counter.Column);
        }
    }
}
