using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Specs;

namespace CacheTasks.Coverage;

/// <summary>
/// What the checker found for one binary of the required package in the requested stack, on one
/// arch: how its build fits (judged once per requirement) and the first arch constraint it fails.
/// Hints explain a missing row from these instead of matching again.
/// </summary>
public readonly record struct CandidateVerdict(CatalogSpec Spec, BuildCheck BuildCheck, Mismatch Arch)
{
    /// <summary>The first build constraint it fails (version, variants, compiler, hash, a dependency clause).</summary>
    public Mismatch Build => BuildCheck.Mismatch;

    /// <summary>The dependency clause the binary's graph fails when <see cref="Build"/> is <see cref="Mismatch.Dependency"/>.</summary>
    public DependencyClause? FailedClause => BuildCheck.FailedClause;

    public bool Matches => Build == Mismatch.None && Arch == Mismatch.None;
}
