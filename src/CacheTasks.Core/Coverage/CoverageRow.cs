using CacheTasks.Catalog;
using CacheTasks.Platform;

namespace CacheTasks.Coverage;

/// <summary>
/// One (requirement, arch) pair and whether the catalog covers it. For a missing row of a package
/// the catalog has, <see cref="RuledOutBy"/> is the constraint that ruled out the closest binaries.
/// </summary>
public sealed record CoverageRow(
    Requirement Requirement,
    SpackArch Arch,
    string? Stack,
    CoverageStatus Status,
    IReadOnlyList<CatalogSpec> Matches,
    string? Hint,
    bool PackageInCatalog = true,
    Mismatch RuledOutBy = Mismatch.None);
