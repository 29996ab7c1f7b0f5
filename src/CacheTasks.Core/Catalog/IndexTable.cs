using CacheTasks.Concrete;
using CacheTasks.Platform;

namespace CacheTasks.Catalog;

/// <summary>
/// A mirror index as read, before any spec is built: every install's node dict (name, hash,
/// version, arch, compiler, variants) with its dependency edges resolved to installs (missing and
/// cyclic ones left out). A check looks up a few packages of tens of thousands: a package's specs
/// are built when it is looked up, and a spec's dependencies when they are read, so only what the
/// check walks is built; the parsed cache keeps the table, not specs (<see cref="CatalogCache"/>).
/// </summary>
/// <remarks>
/// Everything is built under one lock: the catalog may be shared by the projects of a build. Each
/// install is built once, so a node shared by many graphs is one object, as the eager reader's.
/// </remarks>
internal sealed class IndexTable
{
    private readonly Func<int, NodeDict> _nodeAt;
    private readonly Func<int, SpecFacts>? _factsAt;
    private readonly NodeDict?[] _nodes;
    private readonly CatalogSpec?[] _built;
    private readonly CatalogInterner _interner = new();
    private readonly object _gate = new();

    /// <summary>
    /// A table of <paramref name="count"/> installs, each given by <paramref name="nodeAt"/> when first
    /// needed, with edges whose targets are install indexes; <paramref name="factsAt"/>, when given,
    /// tells the summary about an install more cheaply than its whole node dict.
    /// </summary>
    public IndexTable(string path, string? tag, int count, Func<int, NodeDict> nodeAt, IReadOnlyList<(string Name, int[] Installs)> packages, Func<int, SpecFacts>? factsAt = null)
    {
        _factsAt = factsAt;
        Path = path;
        Tag = tag;
        Packages = packages;
        _nodeAt = nodeAt;
        _nodes = new NodeDict?[count];
        _built = new CatalogSpec?[count];
    }

    /// <summary>The reader's table: edges turned from hash ids into install indexes.</summary>
    public IndexTable(string path, string? tag, List<NodeDict> installs, int[] nodeOf)
        : this(path, tag, installs.Count, i => installs[i], Group(installs))
    {
        foreach (var install in installs)
        {
            for (var e = 0; e < install.Edges.Length; e++)
            {
                ref var edge = ref install.Edges[e];
                edge.Target = edge.Target < 0 ? -1 : nodeOf[edge.Target];
            }
        }
    }

    public string Path { get; }

    public string? Tag { get; }

    public int Count => _nodes.Length;

    /// <summary>The installs in the build cache by package, in the order the file first names each package; each package's in file order.</summary>
    public IReadOnlyList<(string Name, int[] Installs)> Packages { get; }

    /// <summary>One install as read.</summary>
    public NodeDict Node(int install)
    {
        lock (_gate)
        {
            return NodeLocked(install);
        }
    }

    /// <summary>The specs of these installs, built now (each once for the table).</summary>
    public IReadOnlyList<CatalogSpec> Specs(int[] installs)
    {
        lock (_gate)
        {
            var specs = new CatalogSpec[installs.Length];
            for (var i = 0; i < specs.Length; i++)
            {
                specs[i] = Spec(installs[i]);
            }

            return specs;
        }
    }

    /// <summary>What the catalog summary counts of each of these installs, without building a spec.</summary>
    public IEnumerable<SpecFacts> Facts(int[] installs)
    {
        lock (_gate)
        {
            var facts = new SpecFacts[installs.Length];
            for (var i = 0; i < facts.Length; i++)
            {
                facts[i] = _factsAt is null || _nodes[installs[i]] is not null ? Facts(NodeLocked(installs[i]), Tag) : _factsAt(installs[i]);
            }

            return facts;
        }
    }

    /// <summary>What the summary counts of an install: index specs have no stacks, and the index's tag.</summary>
    public static SpecFacts Facts(NodeDict node, string? tag) =>
        new(node.Name ?? string.Empty, new SpackArch(node.Platform ?? string.Empty, node.Os ?? string.Empty, node.Target ?? string.Empty).ToString(), [], tag);

    private static List<(string Name, int[] Installs)> Group(List<NodeDict> installs)
    {
        var byName = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var i = 0; i < installs.Count; i++)
        {
            if (!installs[i].InBuildCache)
            {
                continue;
            }

            var name = installs[i].Name!;
            if (!byName.TryGetValue(name, out var list))
            {
                byName[name] = list = [];
                order.Add(name);
            }

            list.Add(i);
        }

        return order.Select(name => (name, byName[name].ToArray())).ToList();
    }

    private NodeDict NodeLocked(int install) => _nodes[install] ??= _nodeAt(install);

    private CatalogSpec Spec(int install)
    {
        if (_built[install] is { } done)
        {
            return done;
        }

        var dict = NodeLocked(install);
        IReadOnlyList<CatalogDependency> dependencies = dict.Edges.Length == 0 ? [] : new LazyDependencies(_gate, () => Edges(install));
        return _built[install] = ConcreteGraphBuilder.Node(dict, dependencies, NodeLocked, _interner, Path, Tag);
    }

    private CatalogDependency[] Edges(int install)
    {
        var dict = NodeLocked(install);
        var dependencies = new List<CatalogDependency>(dict.Edges.Length);
        foreach (var edge in dict.Edges)
        {
            if (edge.Target >= 0)
            {
                dependencies.Add(new CatalogDependency(Spec(edge.Target), edge.Types, edge.Virtuals));
            }
        }

        return dependencies.ToArray();
    }
}
