using CacheTasks.Catalog;
using CacheTasks.Diagnostics;
using CacheTasks.Platform;

namespace CacheTasks.Coverage;

/// <summary>
/// One (requirement, arch) pair and whether the catalog covers it. For a missing row of a package
/// the catalog has, <see cref="RuledOutBy"/> is the constraint that ruled out the closest binaries;
/// <see cref="Severity"/> is the severity its CT1001/CT1002 was given (before NoWarn and the like).
/// </summary>
public sealed record CoverageRow(
    Requirement Requirement,
    SpackArch Arch,
    string? Stack,
    CoverageStatus Status,
    IReadOnlyList<CatalogSpec> Matches,
    string? Hint,
    bool PackageInCatalog = true,
    Mismatch RuledOutBy = Mismatch.None,
    DiagnosticSeverity Severity = DiagnosticSeverity.Warning);
