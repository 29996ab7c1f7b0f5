using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Platform;
using CacheTasks.Specs;
using NuGet.Versioning;

namespace CacheTasks.Coverage;

/// <summary>
/// Spack's rules for whether a catalog binary satisfies a requirement on an arch: name, stack,
/// arch (platform equal, os compatible, the binary's target the arch's target or an ancestor of
/// it, narrowed by the requirement's own platform/os/target), version, variants, compiler.
/// "os compatible" is equality, or with <see cref="OsCompatibility.Libc"/> on Linux also a binary
/// built on an os whose glibc is not newer than the arch's.
/// </summary>
public sealed partial class SpecMatcher(MicroarchitectureTable microarchitectures, OsCompatibility osCompatibility = OsCompatibility.Exact, GlibcTable? glibc = null)
{
    private const string LinuxPlatform = "linux";

    public MicroarchitectureTable Microarchitectures { get; } = microarchitectures;

    public OsCompatibility OsCompatibility { get; } = osCompatibility;

    public GlibcTable Glibc { get; } = glibc ?? GlibcTable.Embedded;

    /// <summary>The same rules with another os compatibility, for hints that say what <c>libc</c> would accept.</summary>
    public SpecMatcher WithOsCompatibility(OsCompatibility compatibility) => new(Microarchitectures, compatibility, Glibc);

    /// <summary>Whether a binary built on <paramref name="binaryOs"/> runs on the arch's os.</summary>
    public bool OsRunsOn(string binaryOs, SpackArch arch) =>
        binaryOs == arch.Os
        || (OsCompatibility == OsCompatibility.Libc && arch.Platform == LinuxPlatform && Glibc.RunsOn(binaryOs, arch.Os));

    /// <summary>The first constraint the spec fails, or <see cref="Mismatch.None"/> when it satisfies all.</summary>
    public Mismatch Check(Requirement requirement, SpackArch arch, string? stack, CatalogSpec spec)
    {
        if (!InStack(spec, stack))
        {
            return Mismatch.Stack;
        }

        var archMismatch = CheckArch(requirement.Spec, arch, spec);
        if (archMismatch != Mismatch.None)
        {
            return archMismatch;
        }

        return CheckBuild(requirement, spec).Mismatch;
    }

    /// <summary>Whether the binary runs on the arch, whatever a requirement narrows: platform equal, os compatible, target the arch's or an ancestor.</summary>
    public bool RunsOn(CatalogSpec spec, SpackArch arch) =>
        spec.Platform == arch.Platform && OsRunsOn(spec.Os, arch) && Microarchitectures.RunsOn(spec.Target, arch.Target);

    /// <summary>Whether the binary was built for the stack asked for (any binary when none is).</summary>
    public static bool InStack(CatalogSpec spec, string? stack) => stack is null || spec.Stacks.Contains(stack);

    /// <summary>The arch part alone: whether the binary runs on <paramref name="arch"/> as the requirement narrows it.</summary>
    public Mismatch CheckArch(SpecConstraint constraint, SpackArch arch, CatalogSpec spec)
    {
        // The binary runs on the arch, and its own arch satisfies the requirement's (the one rule, ArchSatisfaction).
        if (spec.Platform != arch.Platform || !ArchSatisfaction.Attribute(spec.Platform, constraint.Platform))
        {
            return Mismatch.Platform;
        }

        if (!OsRunsOn(spec.Os, arch) || !ArchSatisfaction.Attribute(spec.Os, constraint.Os))
        {
            return Mismatch.Os;
        }

        if (!Microarchitectures.RunsOn(spec.Target, arch.Target) || !TargetRange.Contains(Microarchitectures, constraint.Target, spec.Target))
        {
            return Mismatch.Target;
        }

        return Mismatch.None;
    }

    /// <summary>
    /// Everything but the root's arch and stack: version, variants, compiler, hash, and the
    /// dependency clauses against the binary's graph (rule 7) where the catalog has one.
    /// </summary>
    /// <remarks>Give one <paramref name="memo"/> to every binary of a requirement: their graphs overlap.</remarks>
    public BuildCheck CheckBuild(Requirement requirement, CatalogSpec spec, DependencyMemo? memo = null)
    {
        if (!SatisfiesVersion(requirement, spec))
        {
            return BuildCheck.Failed(Mismatch.Version);
        }

        List<string>? unverified = null;
        var mismatch = CheckNode(requirement.Spec, spec, ownVersionAndArch: false, memo ?? new DependencyMemo(), ref unverified, out var failedClause);
        return new BuildCheck(mismatch, failedClause, (IReadOnlyList<string>?)unverified ?? []);
    }

    private static bool SatisfiesVersion(Requirement requirement, CatalogSpec spec)
    {
        if (requirement.NuGetVersions is { } range)
        {
            // Only catalog versions NuGet can read take part in a NuGet range.
            return spec.Versions.Any(v => NuGetVersion.TryParse(v.Text, out var nuGetVersion) && range.Satisfies(nuGetVersion));
        }

        return spec.Versions.Any(requirement.Spec.Versions.Contains);
    }
}
