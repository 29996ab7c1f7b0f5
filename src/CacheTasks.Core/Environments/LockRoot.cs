using CacheTasks.Concrete;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;

namespace CacheTasks.Environments;

/// <summary>
/// One root of a <c>spack.lock</c>: the spec as the environment lists it, the package and the
/// concrete hash it resolved to, and the nodes installing its binary also installs.
/// </summary>
internal sealed record LockRoot(string Spec, string Name, string Hash, SourceLocation Location, IReadOnlyList<LockedDependency> Dependencies)
{
    /// <summary>The root's own locked node, with its graph; null when <c>concrete_specs</c> does not describe it.</summary>
    public CatalogSpec? Node { get; init; }
}
