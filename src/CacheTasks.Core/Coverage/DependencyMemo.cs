using CacheTasks.Catalog;
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
    private readonly Dictionary<DependencyClause, Dictionary<CatalogSpec, Found>> _byClause = [];

    internal Dictionary<CatalogSpec, Found> For(DependencyClause clause)
    {
        if (!_byClause.TryGetValue(clause, out var known))
        {
            known = new Dictionary<CatalogSpec, Found>(SpecIdentityComparer.Instance);
            _byClause[clause] = known;
        }

        return known;
    }

    /// <summary>Whether the closure holds a satisfying node, and the clauses that node could not verify.</summary>
    internal sealed record Found(bool Satisfied, IReadOnlyList<string>? Unverified)
    {
        public static readonly Found No = new(false, null);
    }
}
