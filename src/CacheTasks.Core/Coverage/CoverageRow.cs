using CacheTasks.Catalog;
using CacheTasks.Platform;

namespace CacheTasks.Coverage;

/// <summary>One (requirement, arch) pair and whether the catalog covers it.</summary>
public sealed record CoverageRow(
    Requirement Requirement,
    SpackArch Arch,
    string? Stack,
    CoverageStatus Status,
    IReadOnlyList<CatalogSpec> Matches,
    string? Hint,
    bool PackageInCatalog = true);
