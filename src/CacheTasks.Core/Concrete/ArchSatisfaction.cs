using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Concrete;

/// <summary>
/// Whether a concrete arch (a binary's, a dependency node's, the host a <c>when:</c> condition is
/// evaluated for) satisfies what a spec asks of it: <c>platform=</c> and <c>os=</c> equal, the
/// target in the <c>target=</c> range (<see cref="TargetRange"/>).
/// </summary>
public static class ArchSatisfaction
{
    public static bool Satisfies(SpackArch arch, SpecConstraint constraint, MicroarchitectureTable table) =>
        (constraint.Platform is null || constraint.Platform == arch.Platform)
        && (constraint.Os is null || constraint.Os == arch.Os)
        && TargetRange.Contains(table, constraint.Target, arch.Target);
}
