using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Diagnostics;
using CacheTasks.Platform;

namespace CacheTasks.Coverage;

/// <summary>
/// One (requirement, arch) pair and whether the catalog covers it. For a missing row of a package
/// the catalog has, <see cref="RuledOutBy"/> is the constraint that ruled out the closest binaries.
/// <see cref="Severity"/> is the severity its CT1001/CT1002 is logged with: the checker gives the
/// requirement's severity, and the run then applies the project's WarningsAsErrors and the like;
/// a warning silenced by NoWarn keeps its severity and is marked <see cref="Suppressed"/>.
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
    DiagnosticSeverity Severity = DiagnosticSeverity.Warning)
{
    /// <summary>CT1001 or CT1002 for a missing row; null for a covered one.</summary>
    public string? Code => Status == CoverageStatus.Missing ? MissingCode(PackageInCatalog) : null;

    /// <summary>
    /// The match users are shown (the <c>MatchedHash</c> metadata, the ✓ cell): a binary whose
    /// every clause was verified before one that could not verify some (rule 7), then the newest version.
    /// </summary>
    public CatalogSpec? BestMatch => Matches.Count == 0
        ? null
        : Matches.OrderBy(m => UnverifiedByMatch?.ContainsKey(m) == true).ThenByDescending(m => m.Versions.Count == 0 ? null : m.Versions.Max()).First();

    /// <summary>The clauses of the requirement each match could not verify, for the matches that could not verify all; null when all did.</summary>
    public IReadOnlyDictionary<CatalogSpec, IReadOnlyList<string>>? UnverifiedByMatch { get; init; }

    /// <summary>The clauses <see cref="BestMatch"/> could not verify, as written (<c>unverified</c> in coverage.json); empty when all were.</summary>
    public IReadOnlyList<string> Unverified => BestMatch is { } best && UnverifiedByMatch?.TryGetValue(best, out var clauses) == true ? clauses : [];

    /// <summary>
    /// For a <c>spack.lock</c> root: the locked dependencies no catalog binary has by exact hash
    /// (<c>missingDependencies</c> in coverage.json); a row with any is missing even when the root's own binary is there.
    /// </summary>
    public IReadOnlyList<LockedDependency> AbsentLockedDependencies { get; init; } = [];

    /// <summary>True when the project's NoWarn silences this row's warning.</summary>
    public bool Suppressed { get; init; }

    /// <summary>The code of a missing row: CT1002 when the package is not in the catalog at all, else CT1001.</summary>
    public static string MissingCode(bool packageInCatalog) =>
        packageInCatalog ? DiagnosticCodes.MissingForArch : DiagnosticCodes.PackageNotInCatalog;
}
