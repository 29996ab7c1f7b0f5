using CacheTasks.Catalog;

namespace CacheTasks.Coverage;

/// <summary>
/// What the checker found for one binary of the required package in the requested stack, on one
/// arch: the first build constraint it fails (version, variants, compiler, hash) and the first
/// arch constraint. Hints explain a missing row from these instead of matching again.
/// </summary>
public readonly record struct CandidateVerdict(CatalogSpec Spec, Mismatch Build, Mismatch Arch)
{
    public bool Matches => Build == Mismatch.None && Arch == Mismatch.None;
}
