using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Concrete;

/// <summary>
/// The one rule for an arch against what a spec asks of it, as Spack's <c>ArchSpec.satisfies</c>
/// (lib/spack/spack/spec.py at 00018e3439b1e0d3b53653ee29a2c29816073d74): <c>platform=</c> and
/// <c>os=</c> by <c>_attr_satisfies</c> (nothing asked is satisfied; <c>*</c> asks only that it be
/// set; else equal), the target by <c>_target_satisfies</c> (every target of the arch's in the
/// list asked for, <see cref="TargetRange"/>). The arch is a concrete one (a binary's, a dependency
/// node's, the host a <c>when:</c> condition is evaluated for) or an abstract spec's own
/// <c>platform=</c>/<c>os=</c>/<c>target=</c> (a matrix combination against an <c>exclude:</c>
/// entry): a concrete arch is the case where all three are set and the target is one target.
/// </summary>
public static class ArchSatisfaction
{
    /// <summary>A concrete arch.</summary>
    public static bool Satisfies(SpackArch arch, SpecConstraint constraint, MicroarchitectureTable table) =>
        Attribute(arch.Platform, constraint.Platform)
        && Attribute(arch.Os, constraint.Os)
        && TargetRange.Contains(table, constraint.Target, arch.Target);

    /// <summary>An abstract spec's arch, any part of which may be unset.</summary>
    public static bool Satisfies(string? platform, string? os, TargetConstraint? target, SpecConstraint constraint, MicroarchitectureTable table) =>
        Attribute(platform, constraint.Platform)
        && Attribute(os, constraint.Os)
        && (constraint.Target is null || (target is not null && TargetRange.Within(table, target, constraint.Target)));

    /// <summary><c>_attr_satisfies</c>: whether a platform or os satisfies the one asked for.</summary>
    public static bool Attribute(string? have, string? asked) =>
        asked is null || (asked == SpecConstraint.AnyArchValue ? have is not null : have == asked);
}
