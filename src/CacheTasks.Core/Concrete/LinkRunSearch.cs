namespace CacheTasks.Concrete;

/// <summary>
/// One question asked of many link/run closures (<see cref="LinkRunClosure"/>): the first edge
/// reached from a node through link/run edges that <c>accept</c> answers, each node's answer kept.
/// The binaries of a package share most of their graph, so a <c>^</c> clause reads each node's edges
/// once per question, not once per binary (the cost tests guard this). A depth-first walk without
/// recursion (graphs can be deep); a node met again while its walk is open (a cycle, which the
/// graph builder already refuses) counts as answering nothing. Not thread-safe.
/// </summary>
/// <typeparam name="TAnswer">What an accepted edge answers; null for an edge that is not accepted.</typeparam>
public sealed class LinkRunSearch<TAnswer>(Func<CatalogDependency, TAnswer?> accept)
    where TAnswer : class
{
    private readonly Dictionary<CatalogSpec, TAnswer?> _known = new(SpecIdentityComparer.Instance);

    /// <summary>
    /// The answer of the first accepted edge among <paramref name="start"/>'s link/run edges and the
    /// link/run edges below them, or null when none is accepted.
    /// </summary>
    public TAnswer? Below(CatalogSpec start)
    {
        if (_known.TryGetValue(start, out var answer))
        {
            return answer;
        }

        var path = new Stack<(CatalogSpec Node, int Next)>();
        _known[start] = null;
        path.Push((start, 0));
        while (path.Count > 0)
        {
            var (node, next) = path.Pop();
            var edges = node.Dependencies ?? [];
            if (next >= edges.Count)
            {
                continue;
            }

            path.Push((node, next + 1));
            var edge = edges[next];
            if (!LinkRunClosure.Follows(edge))
            {
                continue;
            }

            var found = accept(edge);
            if (found is null)
            {
                if (!_known.TryGetValue(edge.Spec, out found))
                {
                    _known[edge.Spec] = null;
                    path.Push((edge.Spec, 0));
                    continue;
                }
            }

            if (found is not null)
            {
                // Every node on the open path reaches the accepted edge.
                foreach (var (open, _) in path)
                {
                    _known[open] = found;
                }

                return found;
            }
        }

        return _known[start];
    }
}
