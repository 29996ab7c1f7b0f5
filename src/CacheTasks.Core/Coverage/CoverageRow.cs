using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Diagnostics;
using CacheTasks.Platform;

namespace CacheTasks.Coverage;

/// <summary>
/// One (requirement, arch) pair and whether the catalog covers it. For a missing row of a package
/// the catalog has, <see cref="RuledOutBy"/> is the constraint that ruled out the closest binaries.
/// A missing row points at its finding (<see cref="Finding"/>, its CT1001 or CT1002): the one
/// object every sink reads the row's code, severity, text and suppression from.
/// </summary>
public sealed record CoverageRow(
    Requirement Requirement,
    SpackArch Arch,
    string? Stack,
    CoverageStatus Status,
    IReadOnlyList<CatalogSpec> Matches,
    string? Hint,
    bool PackageInCatalog = true,
    Mismatch RuledOutBy = Mismatch.None)
{
    /// <summary>CT1001 or CT1002 for a missing row; null for a covered one.</summary>
    public string? Code => Status == CoverageStatus.Missing ? MissingCode(PackageInCatalog) : null;

    /// <summary>
    /// The finding a missing row is reported by: its CT1001, or the requirement's one CT1002 that all
    /// its rows share; as the build logs it once the run has applied the warning policy. Null for a covered row.
    /// </summary>
    public Diagnostic? Finding { get; init; }

    /// <summary>The severity the row's finding is logged with (warning when it has none).</summary>
    public DiagnosticSeverity Severity => Finding?.Severity ?? DiagnosticSeverity.Warning;

    /// <summary>True when the project's NoWarn silences this row's finding.</summary>
    public bool Suppressed => Finding?.Suppressed ?? false;

    /// <summary>How the row compares with the baseline (<c>SpackCoverageBaseline</c>); null without one.</summary>
    public BaselineState? Baseline { get; init; }

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

    /// <summary>The code of a missing row: CT1002 when the package is not in the catalog at all, else CT1001.</summary>
    public static string MissingCode(bool packageInCatalog) =>
        packageInCatalog ? DiagnosticCodes.MissingForArch : DiagnosticCodes.PackageNotInCatalog;
}
