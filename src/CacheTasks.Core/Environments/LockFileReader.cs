using System.Text.Json;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.IO;
using CacheTasks.Specs;

namespace CacheTasks.Environments;

/// <summary>
/// Reads the roots of a <c>spack.lock</c>: <c>roots: [{hash, spec}]</c>, with each root's package
/// name and the nodes of its DAG that installing it from a build cache also installs. The nodes of
/// <c>concrete_specs</c> are read by the one node-dict reader and built into the one concrete
/// graph (<see cref="NodeDictReader"/>, <see cref="ConcreteGraphBuilder"/>, the same as a mirror
/// index's), each node found by the key it is listed under; a root's locked dependencies are its
/// <see cref="LinkRunClosure"/>. A lock is JSON (Spack writes nothing else) and can be megabytes for
/// a CI stack, so it is read once, front to back.
/// </summary>
internal static class LockFileReader
{
    private const int MaxDepth = 256;

    /// <summary>
    /// The roots; a lock that cannot be used is an <see cref="EnvironmentException"/>. A dependency
    /// a root's closure needs that the lock names but does not describe is CT3003 in
    /// <paramref name="diagnostics"/>, and the rest of the lock is used.
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

        var locations = new Locations(bytes, path);
        var file = new LockFile(new NodeDictReader(new CatalogInterner()) { Final = true, NamedWrapper = true });
        try
        {
            file.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw Invalid(
                string.Format(Messages.EnvironmentLockNotJson, JsonErrorText.Reason(e.Message)),
                new SourceLocation(path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1));
        }
        catch (NodeDictException e)
        {
            throw Invalid(e.Message, locations.At(e.Offset));
        }

        if (file.Roots.Count == 0)
        {
            throw Invalid(Messages.EnvironmentLockNoRoots, file.RootsAt < 0 ? new SourceLocation(path, 1, 1) : locations.At(file.RootsAt));
        }

        if (file.Roots.FirstOrDefault(r => r.Hash is null || r.Spec is null) is { } bad)
        {
            throw Invalid(Messages.EnvironmentLockRoot, locations.At(bad.At));
        }

        var graph = file.Build(path, locations);
        var result = new List<LockRoot>(file.Roots.Count);
        var made = new Dictionary<CatalogSpec, LockedDependency>(SpecIdentityComparer.Instance);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var dangling = new List<NodeDictEdge>();
        var walker = new LinkRunWalker();
        foreach (var root in file.Roots)
        {
            var node = graph.Node(root.Hash!);
            var dependencies = Array.Empty<LockedDependency>();
            if (node is not null)
            {
                graph.Dangling(node, reported, dangling);

                // Kept for the whole check, one entry per root and locked node: sized exactly.
                var closure = walker.Of(node, graph.Externals);
                dependencies = new LockedDependency[closure.Count];
                for (var i = 0; i < closure.Count; i++)
                {
                    var dependency = closure[i];
                    if (!made.TryGetValue(dependency, out var locked))
                    {
                        made[dependency] = locked = new LockedDependency(dependency.Name, dependency.Hash!) { Node = dependency };
                    }

                    dependencies[i] = locked;
                    graph.Dangling(dependency, reported, dangling);
                }
            }

            result.Add(new LockRoot(root.Spec!, NameOf(node, root.Spec!), root.Hash!, locations.At(root.HashAt), dependencies) { Node = node });
        }

        foreach (var edge in dangling.OrderBy(d => d.At))
        {
            diagnostics.Add(new EnvironmentException(path, string.Format(Messages.EnvironmentErrorLockDependency, edge.Name, graph.HashText(edge), graph.ParentOf(edge)), locations.At(edge.At)).ToDiagnostic());
        }

        return result;
    }

    private static string NameOf(CatalogSpec? node, string spec)
    {
        if (node is { Name.Length: > 0 })
        {
            return node.Name;
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

    /// <summary>One entry of <c>roots</c>; null fields were missing or empty.</summary>
    private sealed class Root
    {
        public string? Hash { get; set; }

        public string? Spec { get; set; }

        /// <summary>Where the entry starts.</summary>
        public long At { get; init; }

        /// <summary>Where the hash's text starts.</summary>
        public long HashAt { get; set; }
    }

    /// <summary>The lock as read: its roots and the node dicts of <c>concrete_specs</c>.</summary>
    private sealed class LockFile(NodeDictReader reader)
    {
        private readonly List<NodeDict> _nodes = [];

        public List<Root> Roots { get; } = [];

        /// <summary>Where <c>roots</c> is; -1 when the lock has none.</summary>
        public long RootsAt { get; private set; } = -1;

        /// <exception cref="JsonException">The file is not JSON.</exception>
        /// <exception cref="NodeDictException">A node of <c>concrete_specs</c> has a field of the wrong shape.</exception>
        public void Parse(byte[] bytes)
        {
            var json = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = MaxDepth });
            if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
            {
                json.Skip();
                return;
            }

            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                var isRoots = json.ValueTextEquals("roots"u8);
                var isNodes = json.ValueTextEquals("concrete_specs"u8);
                json.Read();
                if (isRoots && json.TokenType == JsonTokenType.StartArray)
                {
                    RootsAt = json.TokenStartIndex;
                    ReadRoots(ref json);
                }
                else if (isNodes && json.TokenType == JsonTokenType.StartObject)
                {
                    ReadNodes(ref json);
                }
                else
                {
                    json.Skip();
                }
            }

            // Anything after the top-level object is a JSON error the reader reports here.
            while (json.Read())
            {
            }
        }

        private void ReadRoots(ref Utf8JsonReader json)
        {
            while (json.Read() && json.TokenType != JsonTokenType.EndArray)
            {
                var root = new Root { At = json.TokenStartIndex };
                Roots.Add(root);
                if (json.TokenType != JsonTokenType.StartObject)
                {
                    json.Skip();
                    continue;
                }

                while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
                {
                    var isHash = json.ValueTextEquals("hash"u8);
                    var isSpec = json.ValueTextEquals("spec"u8);
                    json.Read();
                    if (isHash && NonEmpty(ref json) is { } hash)
                    {
                        root.Hash = hash;

                        // After the opening quote, where the hash's text starts.
                        root.HashAt = json.TokenStartIndex + 1;
                    }
                    else if (isSpec && NonEmpty(ref json) is { } spec)
                    {
                        root.Spec = spec;
                    }
                    else
                    {
                        json.Skip();
                    }
                }
            }
        }

        private void ReadNodes(ref Utf8JsonReader json)
        {
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                var key = json.GetString()!;
                json.Read();
                if (json.TokenType != JsonTokenType.StartObject)
                {
                    json.Skip();
                    continue;
                }

                // The key is the node's identity: edges name it, whatever hash the node states inside.
                var node = new NodeDict { Key = key, Offset = json.TokenStartIndex, Id = reader.Id(InstallHash.From(key)) };
                reader.Read(ref json, node);
                node.Hash = key;
                _nodes.Add(node);
            }
        }

        private static string? NonEmpty(ref Utf8JsonReader json) =>
            json.TokenType == JsonTokenType.String && json.GetString() is { Length: > 0 } text ? text : null;

        /// <summary>The concrete graph of the nodes; a node with no name takes the name an edge gives it.</summary>
        public BuiltLock Build(string path, Locations locations)
        {
            var byId = new Dictionary<int, NodeDict>();
            foreach (var node in _nodes)
            {
                byId[node.Id] = node;
                var at = locations.At(node.Offset);
                node.Line = at.Line;
                node.Column = at.Column;
            }

            foreach (var node in _nodes)
            {
                foreach (var edge in node.Edges)
                {
                    if (edge.Target >= 0 && byId.TryGetValue(edge.Target, out var dependency) && dependency.Name is null)
                    {
                        dependency.Name = edge.Name;
                    }
                }
            }

            var dropped = new List<DroppedEdge>();
            var built = ConcreteGraphBuilder.Build(_nodes, reader, path, null, dropped);
            return new BuiltLock(_nodes, built, dropped, reader);
        }
    }

    /// <summary>The built graph, with what the reader knows beside it: keys, externals, edges left out.</summary>
    private sealed class BuiltLock
    {
        private readonly Dictionary<string, CatalogSpec> _byKey = new(StringComparer.Ordinal);
        private readonly Dictionary<CatalogSpec, List<NodeDictEdge>> _missing = new(SpecIdentityComparer.Instance);
        private readonly Dictionary<long, string> _parents = [];
        private readonly NodeDictReader _reader;

        public BuiltLock(List<NodeDict> nodes, CatalogSpec[] built, List<DroppedEdge> dropped, NodeDictReader reader)
        {
            _reader = reader;
            for (var i = 0; i < nodes.Count; i++)
            {
                // A key listed twice: the last one counts, as a Python dict would.
                _byKey[nodes[i].Key] = built[i];
                if (nodes[i].External)
                {
                    Externals.Add(built[i]);
                }
            }

            // An edge to a hash the lock does not describe; an edge closing a cycle leads to a node already reached.
            foreach (var edge in dropped.Where(d => !d.Cycle))
            {
                var parent = built[edge.Node];
                if (!_missing.TryGetValue(parent, out var edges))
                {
                    _missing[parent] = edges = [];
                }

                edges.Add(edge.Edge);
                _parents[edge.Edge.At] = nodes[edge.Node].Name ?? nodes[edge.Node].Key;
            }
        }

        public HashSet<CatalogSpec> Externals { get; } = new(SpecIdentityComparer.Instance);

        public CatalogSpec? Node(string key) => _byKey.TryGetValue(key, out var node) ? node : null;

        /// <summary>The link/run edges of <paramref name="node"/> to hashes the lock does not describe, each hash once.</summary>
        public void Dangling(CatalogSpec node, HashSet<string> reported, List<NodeDictEdge> dangling)
        {
            if (!_missing.TryGetValue(node, out var edges))
            {
                return;
            }

            foreach (var edge in edges)
            {
                if ((edge.Types & LinkRunClosure.Types) != 0 && reported.Add(HashText(edge)))
                {
                    dangling.Add(edge);
                }
            }
        }

        public string HashText(NodeDictEdge edge) => edge.Target < 0 ? string.Empty : _reader.Hashes[edge.Target].ToString();

        public string ParentOf(NodeDictEdge edge) => _parents[edge.At];
    }
}
