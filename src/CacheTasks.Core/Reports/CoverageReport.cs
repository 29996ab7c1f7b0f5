using CacheTasks.Baselines;
using CacheTasks.Catalog;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Mirrors;
using CacheTasks.Platform;

namespace CacheTasks.Reports;

/// <summary>
/// Everything a report shows: the catalog, the arches, the summary, every row and every finding
/// (as the build logs them: a missing row's <see cref="CoverageRow.Finding"/> is one of
/// <see cref="Findings"/>), and, with a baseline, what changed since. Every sink reads this one report.
/// </summary>
public sealed record CoverageReport(
    string? Host,
    IReadOnlyList<string> CatalogSources,
    int CatalogPackages,
    int CatalogSpecs,
    IReadOnlyList<SpackArch> Arches,
    CoverageSummary Summary,
    IReadOnlyList<CoverageRow> Rows)
{
    /// <summary>The version of coverage.json's shape; raised only when the shape changes incompatibly.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Every diagnostic of the check, in order, as the build logs them.</summary>
    public IReadOnlyList<Diagnostic> Findings { get; init; } = [];

    /// <summary>What changed since <c>SpackCoverageBaseline</c>; null without one (or when it could not be read).</summary>
    public BaselineComparison? Baseline { get; init; }

    public static CoverageReport Create(IReadOnlyList<CoverageRow> rows, IReadOnlyList<Diagnostic> findings, SpackCatalog catalog, IReadOnlyList<SpackArch> arches, SpackArch? host, BaselineComparison? baseline = null)
    {
        // The check's arches first, then any that only a requirement's own Arch metadata brought in.
        var allArches = arches.Concat(rows.Select(r => r.Arch)).Distinct().ToList();
        return new CoverageReport(host?.ToString(), Sources(catalog), catalog.PackageCount, catalog.SpecCount, allArches, CoverageSummary.Of(rows), rows)
        {
            Findings = findings,
            Baseline = baseline,
        };
    }

    /// <summary>The catalog's sources as reports name them: a password in a mirror URL must not travel with a CI artifact.</summary>
    public static IReadOnlyList<string> Sources(SpackCatalog catalog) => catalog.Sources.Select(MirrorUrl.Redact).ToList();
}
