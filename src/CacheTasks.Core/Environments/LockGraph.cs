using System.Text.Json;

namespace CacheTasks.Environments;

/// <summary>
/// What a check needs of a <c>spack.lock</c>, read in one pass: its roots and, for each node of
/// <c>concrete_specs</c>, its name, whether it is external, and its edges. Offsets are kept so
/// problems can point at their line and column.
/// </summary>
internal sealed class LockGraph
{
    private const int MaxDepth = 256;

    public List<Root> Roots { get; } = [];

    /// <summary>Where <c>roots</c> is; -1 when the lock has none.</summary>
    public long RootsAt { get; private set; } = -1;

    public Dictionary<string, Node> Nodes { get; } = new(StringComparer.Ordinal);

    /// <exception cref="JsonException">The file is not JSON.</exception>
    public static LockGraph Parse(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = MaxDepth });
        var graph = new LockGraph();
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return graph;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isRoots = reader.ValueTextEquals("roots"u8);
            var isNodes = reader.ValueTextEquals("concrete_specs"u8);
            reader.Read();
            if (isRoots && reader.TokenType == JsonTokenType.StartArray)
            {
                graph.RootsAt = reader.TokenStartIndex;
                graph.ReadRoots(ref reader);
            }
            else if (isNodes && reader.TokenType == JsonTokenType.StartObject)
            {
                graph.ReadNodes(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        // Anything after the top-level object is a JSON error the reader reports here.
        while (reader.Read())
        {
        }

        return graph;
    }

    private void ReadRoots(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var root = new Root { At = reader.TokenStartIndex };
            Roots.Add(root);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isHash = reader.ValueTextEquals("hash"u8);
                var isSpec = reader.ValueTextEquals("spec"u8);
                reader.Read();
                if (isHash && NonEmpty(ref reader) is { } hash)
                {
                    root.Hash = hash;

                    // After the opening quote, where the hash's text starts.
                    root.HashAt = reader.TokenStartIndex + 1;
                }
                else if (isSpec && NonEmpty(ref reader) is { } spec)
                {
                    root.Spec = spec;
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    private void ReadNodes(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var hash = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                // A hash listed twice: the last one counts, as a Python dict would.
                Nodes[hash] = ReadNode(ref reader, hash);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>
    /// One node. Lock files up to version 3 nest it under its package name
    /// (<c>{hash: {name: {...}}}</c>); later ones carry <c>name</c> inside.
    /// </summary>
    private static Node ReadNode(ref Utf8JsonReader reader, string hash)
    {
        var node = new Node(hash);
        Node? nested = null;
        var first = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                node.Name = NonEmpty(ref reader);
            }
            else if (reader.ValueTextEquals("external"u8))
            {
                reader.Read();
                node.External = reader.TokenType is not (JsonTokenType.Null or JsonTokenType.False);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("dependencies"u8))
            {
                reader.Read();
                ReadEdges(ref reader, node.Edges);
            }
            else
            {
                var key = reader.GetString();
                reader.Read();
                if (first && reader.TokenType == JsonTokenType.StartObject)
                {
                    nested = ReadNode(ref reader, hash);
                    nested.Name ??= key;
                }
                else
                {
                    reader.Skip();
                }
            }

            first = false;
        }

        return node.Name is null && nested is not null ? nested : node;
    }

    /// <summary>
    /// A node's edges in every layout Spack has written: <c>[{name, hash, parameters: {deptypes}}]</c>
    /// (lock files 4 and later), <c>[{name, hash, type}]</c>, and <c>{name: {hash, type}}</c> or
    /// <c>{name: hash}</c> (older ones, where the hash key may also be <c>build_hash</c>).
    /// </summary>
    private static void ReadEdges(ref Utf8JsonReader reader, List<Edge> edges)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                var at = reader.TokenStartIndex;
                var (name, hash, linkOrRun) = ReadEdge(ref reader, null);
                if (name is not null && hash is not null)
                {
                    edges.Add(new Edge(name, hash, linkOrRun, at));
                }
            }
        }
        else if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                var at = reader.TokenStartIndex;
                if (reader.TokenType == JsonTokenType.String && NonEmpty(ref reader) is { } bare)
                {
                    // The oldest layout: only the hash, for a build and link dependency.
                    edges.Add(new Edge(name, bare, LinkOrRun: true, at));
                }
                else if (reader.TokenType == JsonTokenType.StartObject && ReadEdge(ref reader, name) is { Hash: { } hash } edge)
                {
                    edges.Add(new Edge(name, hash, edge.LinkOrRun, at));
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        else
        {
            reader.Skip();
        }
    }

    private static (string? Name, string? Hash, bool LinkOrRun) ReadEdge(ref Utf8JsonReader reader, string? name)
    {
        string? hash = null;
        var hashRank = int.MaxValue;
        bool? linkOrRun = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var rank = HashRank(ref reader);
            var isName = reader.ValueTextEquals("name"u8);
            var isType = reader.ValueTextEquals("type"u8);
            var isParameters = reader.ValueTextEquals("parameters"u8);
            reader.Read();
            if (rank < hashRank && NonEmpty(ref reader) is { } value)
            {
                (hash, hashRank) = (value, rank);
            }
            else if (isName && NonEmpty(ref reader) is { } text)
            {
                name = text;
            }
            else if (isType)
            {
                linkOrRun = LinkOrRun(ref reader);
            }
            else if (isParameters && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isDeptypes = reader.ValueTextEquals("deptypes"u8);
                    reader.Read();
                    if (isDeptypes)
                    {
                        linkOrRun = LinkOrRun(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        // Without types Spack reads a dependency as build and link.
        return (name, hash, linkOrRun ?? true);
    }

    // Spack's dependency hash keys, newest first; other keys rank last.
    private static int HashRank(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("hash"u8) ? 0
        : reader.ValueTextEquals("dag_hash"u8) ? 1
        : reader.ValueTextEquals("build_hash"u8) ? 2
        : reader.ValueTextEquals("full_hash"u8) ? 3
        : int.MaxValue;

    private static bool LinkOrRun(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.ValueTextEquals("link"u8) || reader.ValueTextEquals("run"u8);
        }

        var found = false;
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                found |= reader.TokenType == JsonTokenType.String && (reader.ValueTextEquals("link"u8) || reader.ValueTextEquals("run"u8));
                reader.Skip();
            }

            return found;
        }

        reader.Skip();
        return true;
    }

    private static string? NonEmpty(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } text ? text : null;

    /// <summary>One entry of <c>roots</c>; null fields were missing or empty.</summary>
    public sealed class Root
    {
        public string? Hash { get; set; }

        public string? Spec { get; set; }

        /// <summary>Where the entry starts.</summary>
        public long At { get; init; }

        /// <summary>Where the hash's text starts.</summary>
        public long HashAt { get; set; }
    }

    /// <summary>One node of <c>concrete_specs</c>.</summary>
    public sealed class Node(string hash)
    {
        public string Hash { get; } = hash;

        public string? Name { get; set; }

        public bool External { get; set; }

        public List<Edge> Edges { get; } = [];
    }

    /// <summary>A dependency edge; <see cref="LinkOrRun"/> when installing the parent needs the node.</summary>
    public readonly record struct Edge(string Name, string Hash, bool LinkOrRun, long At);
}
