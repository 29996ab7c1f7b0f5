using CacheTasks.Coverage;
using CacheTasks.Diagnostics;

namespace CacheTasks.Environments;

/// <summary>
/// One root of a <c>spack.lock</c>: the spec as the environment lists it, the package and the
/// concrete hash it resolved to, and the nodes installing its binary also installs.
/// </summary>
internal sealed record LockRoot(string Spec, string Name, string Hash, SourceLocation Location, IReadOnlyList<LockedDependency> Dependencies);
