using CacheTasks.Concrete;

namespace CacheTasks.Coverage;

/// <summary>
/// A node a <c>spack.lock</c> root needs at install time (reached through link and run edges):
/// its package and the concrete hash the lock pinned it to.
/// </summary>
public sealed record LockedDependency(string Name, string Hash)
{
    /// <summary>The node as the lock describes it (version, variants, compiler, arch, its graph); null when unknown.</summary>
    public CatalogSpec? Node { get; init; }

    /// <summary>As users write and search for it: <c>name/hash</c>.</summary>
    public override string ToString() => Name + "/" + Hash;
}
