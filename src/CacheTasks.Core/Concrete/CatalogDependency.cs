namespace CacheTasks.Concrete;

/// <summary>
/// One edge of a binary's dependency graph, as a mirror index lists it: the dependency's node (a
/// spec of the same index, found by its hash), the edge's <c>deptypes</c> and the virtuals the
/// dependency provides through it (<c>mpi</c>, or <c>c</c>/<c>cxx</c> for a compiler in Spack 1.0).
/// </summary>
/// <remarks>A struct, so an index's hundreds of thousands of edges cost one array slot each, not an object.</remarks>
public readonly record struct CatalogDependency(CatalogSpec Spec, DependencyTypes Types, IReadOnlyList<string> Virtuals)
{
    /// <summary>The dependency's package name (the edge's <c>name</c>).</summary>
    public string Name => Spec.Name;

    /// <summary>The dependency's hash (the edge's <c>hash</c>).</summary>
    public string? Hash => Spec.Hash;
}
