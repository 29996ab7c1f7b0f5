namespace CacheTasks.Concrete;

/// <summary>
/// The nodes reached from a node through link and run edges, breadth first, each once: Spack's
/// <c>traverse_nodes(deptype=("link", "run"))</c>. What installing a binary from a build cache
/// installs with it (build-only dependencies, such as compilers, are not needed), and where a
/// <c>^</c> clause looks beyond the node's direct dependencies.
/// </summary>
public static class LinkRunClosure
{
    public const DependencyTypes Types = DependencyTypes.Link | DependencyTypes.Run;

    /// <summary>
    /// The closure of <paramref name="root"/> without the root itself, in breadth-first order.
    /// A node in <paramref name="excluded"/> is neither listed nor walked through.
    /// </summary>
    public static List<CatalogSpec> Of(CatalogSpec root, ISet<CatalogSpec>? excluded = null)
    {
        var found = new List<CatalogSpec>();
        var seen = new HashSet<CatalogSpec>(SpecIdentityComparer.Instance) { root };
        var pending = new Queue<CatalogSpec>();
        pending.Enqueue(root);
        while (pending.Count > 0)
        {
            foreach (var edge in pending.Dequeue().Dependencies ?? [])
            {
                if ((edge.Types & Types) == 0 || !seen.Add(edge.Spec) || (excluded is not null && excluded.Contains(edge.Spec)))
                {
                    continue;
                }

                found.Add(edge.Spec);
                pending.Enqueue(edge.Spec);
            }
        }

        return found;
    }
}
