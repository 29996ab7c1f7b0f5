using CacheTasks.Concrete;
using CacheTasks.Specs;

namespace CacheTasks.Coverage;

/// <summary>
/// What the matcher learned about the graph while checking one requirement, as one
/// <see cref="LinkRunSearch{TAnswer}"/> per question: for each <c>^</c> clause, whether a node's
/// link/run closure holds an edge that satisfies it; and whether it holds a node whose edges the
/// index reader left out. The binaries of a package share most of their graph, so each node's
/// edges are read once per question, not once per binary. Not thread-safe: one per requirement
/// being checked.
/// </summary>
public sealed class DependencyMemo
{
    private readonly Dictionary<DependencyClause, LinkRunSearch<Found>> _byClause = [];

    private readonly LinkRunSearch<CatalogSpec> _incomplete = new(edge => edge.Spec.GraphIncomplete ? edge.Spec : null);

    /// <summary>The search for <paramref name="clause"/>, made by <paramref name="create"/> the first time it is asked for.</summary>
    internal LinkRunSearch<Found> For(DependencyClause clause, Func<DependencyClause, LinkRunSearch<Found>> create)
    {
        if (!_byClause.TryGetValue(clause, out var search))
        {
            search = create(clause);
            _byClause[clause] = search;
        }

        return search;
    }

    /// <summary>
    /// Whether <paramref name="root"/> or a node its link/run edges reach had edges left out by the
    /// index reader (<see cref="CatalogSpec.GraphIncomplete"/>): the nodes whose edges a <c>^</c>
    /// clause reads.
    /// </summary>
    internal bool ReachesIncompleteGraph(CatalogSpec root) => root.GraphIncomplete || _incomplete.Below(root) is not null;

    /// <summary>A satisfying edge was found, with the clauses its node could not verify.</summary>
    internal sealed record Found(IReadOnlyList<string>? Unverified);
}
