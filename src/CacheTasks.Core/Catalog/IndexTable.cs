using CacheTasks.Concrete;
using CacheTasks.IO;

namespace CacheTasks.Catalog;

/// <summary>
/// A mirror index as skimmed (<see cref="IndexSkim"/>), before any install is decoded: each
/// install's place in the file, name, arch and edges resolved to installs (missing and cyclic ones
/// left out). A check looks up a few packages of tens of thousands: a package's installs are
/// decoded from the file (<see cref="IndexFile"/>) and their specs built when it is looked up, and
/// a spec's dependencies when they are read, so only what the check walks is decoded; the parsed
/// cache keeps the skim, not specs (<see cref="CatalogCache"/>).
/// </summary>
/// <remarks>
/// Everything is built under one lock: the catalog may be shared by the projects of a build. Each
/// install is built once, so a node shared by many graphs is one object, as the eager reader's.
/// </remarks>
internal sealed class IndexTable
{
    private readonly IndexFile _file;
    private readonly NodeDict?[] _nodes;
    private readonly CatalogSpec?[] _built;
    private readonly CatalogInterner _interner = new();
    private readonly object _gate = new();

    /// <summary>The table of a skim of the index at <paramref name="path"/>, which had <paramref name="stamp"/> when skimmed.</summary>
    public IndexTable(string path, string? tag, IndexSkim skim, FileStamp stamp)
    {
        Path = path;
        Tag = tag;
        Skim = skim;
        Packages = skim.Packages();
        _file = new IndexFile(path, stamp, _interner);
        _nodes = new NodeDict?[skim.Count];
        _built = new CatalogSpec?[skim.Count];
    }

    public string Path { get; }

    public string? Tag { get; }

    public IndexSkim Skim { get; }

    /// <summary>The size and time of the file the skim read (what the installs are read from again).</summary>
    public FileStamp Stamp => _file.Stamp;

    public int Count => _nodes.Length;

    /// <summary>
    /// The same skim over the file as it is stamped now: for a copy whose source states the same
    /// content (a mirror index downloaded again unchanged), not for a file that may have changed.
    /// </summary>
    public IndexTable At(FileStamp stamp) => stamp == Stamp ? this : new IndexTable(Path, Tag, Skim, stamp);

    /// <summary>The installs in the build cache by package, in the order the file first names each package; each package's in file order.</summary>
    public IReadOnlyList<(string Name, int[] Installs)> Packages { get; }

    /// <summary>One install, decoded from the file.</summary>
    /// <exception cref="IndexChangedException">The file changed since it was skimmed (CT2006).</exception>
    public NodeDict Node(int install)
    {
        lock (_gate)
        {
            return NodeLocked(install);
        }
    }

    /// <summary>The specs of these installs, built now (each once for the table).</summary>
    /// <exception cref="IndexChangedException">The file changed since it was skimmed (CT2006).</exception>
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

    /// <summary>What the catalog summary counts of each of these installs, from the skim: nothing is decoded.</summary>
    public IEnumerable<SpecFacts> Facts(int[] installs)
    {
        var facts = new SpecFacts[installs.Length];
        for (var i = 0; i < facts.Length; i++)
        {
            facts[i] = Skim.Facts(installs[i], Tag);
        }

        return facts;
    }

    private NodeDict NodeLocked(int install) => _nodes[install] ??= _file.Decode(Skim, install);

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
