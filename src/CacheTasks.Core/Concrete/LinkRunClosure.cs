namespace CacheTasks.Concrete;

/// <summary>
/// The one definition of which edges of a concrete graph a <c>^</c> clause, an install from a build
/// cache and a lock's locked dependencies go through, as Spack's <c>_satisfying_edges</c> walks them
/// (lib/spack/spack/spec.py at 00018e3439b1e0d3b53653ee29a2c29816073d74):
/// <list type="number">
/// <item>the direct edges of the node a clause attaches to, of every type;</item>
/// <item>that node's historical compiler edge, when its compiler is recorded by name and version
/// only (<see cref="CatalogSpec.HistoricalCompiler"/>): an ad-hoc direct build edge providing
/// <c>c</c>, <c>cxx</c> and <c>fortran</c>, yielded for that node alone, never for a node reached
/// deeper — it has no node of its own in the graph, so the matcher judges it by its name and
/// version (<c>Coverage/SpecMatcher.HistoricalCompiler.cs</c>);</item>
/// <item>then every edge reached from the node through link and run edges, breadth first, each
/// node expanded once (<c>traverse_edges(deptype=("link", "run"))</c>). An edge Spack wrote without
/// <c>deptypes</c> reaches this graph as build+link (<see cref="NodeDictReader"/>, the oldest
/// layout's meaning), so it is walked through; a build-only dependency of a dependency is not.</item>
/// </list>
/// </summary>
public static class LinkRunClosure
{
    public const DependencyTypes Types = DependencyTypes.Link | DependencyTypes.Run;

    /// <summary>Whether the walk goes on through <paramref name="edge"/>: it is a link or run edge.</summary>
    public static bool Follows(CatalogDependency edge) => (edge.Types & Types) != 0;

    /// <summary>
    /// The closure of <paramref name="root"/> without the root itself, in breadth-first order: what
    /// installing a binary from a build cache installs with it. A node in
    /// <paramref name="excluded"/> is neither listed nor walked through. The walk itself is
    /// <see cref="LinkRunWalker"/>'s, which many roots share.
    /// </summary>
    public static List<CatalogSpec> Of(CatalogSpec root, ISet<CatalogSpec>? excluded = null) =>
        [.. new LinkRunWalker().Of(root, excluded)];

    /// <summary>
    /// The graph edges a <c>^</c> clause of each root looks at (items 1 and 3 of the summary): the
    /// root's direct edges of every type, then the link/run edges below. Several roots are walked
    /// as one, each node expanded once in all, for hints that want the union of their graphs.
    /// </summary>
    public static IEnumerable<CatalogDependency> Edges(IEnumerable<CatalogSpec> roots)
    {
        var expanded = new HashSet<CatalogSpec>(SpecIdentityComparer.Instance);
        foreach (var root in roots)
        {
            expanded.Add(root);
            var pending = new Queue<CatalogSpec>();
            foreach (var edge in root.Dependencies ?? [])
            {
                yield return edge;
                if (Follows(edge) && expanded.Add(edge.Spec))
                {
                    pending.Enqueue(edge.Spec);
                }
            }

            while (pending.Count > 0)
            {
                foreach (var edge in pending.Dequeue().Dependencies ?? [])
                {
                    if (!Follows(edge))
                    {
                        continue;
                    }

                    yield return edge;
                    if (expanded.Add(edge.Spec))
                    {
                        pending.Enqueue(edge.Spec);
                    }
                }
            }
        }
    }
}
