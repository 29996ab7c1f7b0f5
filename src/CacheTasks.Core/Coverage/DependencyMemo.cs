using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Specs;

namespace CacheTasks.Coverage;

/// <summary>
/// What the matcher learned about the graph while checking one requirement: for each <c>^</c>
/// clause, whether a node's link/run closure holds a node that satisfies it. The binaries of a
/// package share most of their graph, so each node's edges are read once per clause, not once per
/// binary. Not thread-safe: one per requirement being checked.
/// </summary>
public sealed class DependencyMemo
{
    private const DependencyTypes LinkOrRun = DependencyTypes.Link | DependencyTypes.Run;

    private readonly Dictionary<DependencyClause, Dictionary<CatalogSpec, Found>> _byClause = [];

    private readonly Dictionary<CatalogSpec, bool> _reachesIncomplete = new(SpecIdentityComparer.Instance);

    internal Dictionary<CatalogSpec, Found> For(DependencyClause clause)
    {
        if (!_byClause.TryGetValue(clause, out var known))
        {
            known = new Dictionary<CatalogSpec, Found>(SpecIdentityComparer.Instance);
            _byClause[clause] = known;
        }

        return known;
    }

    /// <summary>
    /// Whether <paramref name="root"/> or a node its link/run edges reach had edges left out by the
    /// index reader (<see cref="CatalogSpec.GraphIncomplete"/>): the nodes whose edges a <c>^</c>
    /// clause reads. A walk without recursion, each node's answer kept; a node met again while its
    /// walk is open (a cycle, which the reader refuses) counts as complete.
    /// </summary>
    internal bool ReachesIncompleteGraph(CatalogSpec root)
    {
        if (_reachesIncomplete.TryGetValue(root, out var known))
        {
            return known;
        }

        var path = new Stack<(CatalogSpec Node, int Next)>();
        _reachesIncomplete[root] = false;
        path.Push((root, 0));
        while (path.Count > 0)
        {
            var (node, next) = path.Pop();
            var edges = node.Dependencies ?? [];
            if (!node.GraphIncomplete)
            {
                while (next < edges.Count && ((edges[next].Types & LinkOrRun) == 0 || _reachesIncomplete.ContainsKey(edges[next].Spec)))
                {
                    next++;
                }

                if (next < edges.Count)
                {
                    path.Push((node, next));
                    _reachesIncomplete[edges[next].Spec] = false;
                    path.Push((edges[next].Spec, 0));
                    continue;
                }
            }

            var incomplete = node.GraphIncomplete;
            for (var i = 0; i < edges.Count && !incomplete; i++)
            {
                incomplete = (edges[i].Types & LinkOrRun) != 0 && _reachesIncomplete[edges[i].Spec];
            }

            _reachesIncomplete[node] = incomplete;
        }

        return _reachesIncomplete[root];
    }

    /// <summary>Whether the closure holds a satisfying node, and the clauses that node could not verify.</summary>
    internal sealed record Found(bool Satisfied, IReadOnlyList<string>? Unverified)
    {
        public static readonly Found No = new(false, null);
    }
}
