using CacheTasks.Catalog;
using CacheTasks.Specs;

namespace CacheTasks.Coverage;

/// <summary>
/// What the checker found for one binary of the required package in the requested stack, on one
/// arch: the first build constraint it fails (version, variants, compiler, hash) and the first
/// arch constraint. Hints explain a missing row from these instead of matching again.
/// </summary>
public readonly record struct CandidateVerdict(CatalogSpec Spec, Mismatch Build, Mismatch Arch)
{
    /// <summary>The dependency clause the binary's graph fails when <see cref="Build"/> is <see cref="Mismatch.Dependency"/>.</summary>
    public DependencyClause? FailedClause { get; init; }

    /// <summary>The clauses the binary cannot verify (a page binary has no graph), as written; empty when all were checked.</summary>
    public IReadOnlyList<string> Unverified { get; init; } = [];

    public bool Matches => Build == Mismatch.None && Arch == Mismatch.None;
}
