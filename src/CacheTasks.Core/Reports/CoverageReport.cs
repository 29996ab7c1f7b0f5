using CacheTasks.Catalog;
using CacheTasks.Coverage;
using CacheTasks.Mirrors;
using CacheTasks.Platform;

namespace CacheTasks.Reports;

/// <summary>Everything a report shows: the catalog, the arches, the summary and every row.</summary>
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

    public static CoverageReport Create(CoverageResult result, SpackCatalog catalog, IReadOnlyList<SpackArch> arches, SpackArch? host)
    {
        // The check's arches first, then any that only a requirement's own Arch metadata brought in.
        var allArches = arches.Concat(result.Rows.Select(r => r.Arch)).Distinct().ToList();
        // Reports are shared as CI artifacts: a password in a mirror URL must not travel with them.
        var sources = catalog.Sources.Select(MirrorUrl.Redact).ToList();
        return new CoverageReport(host?.ToString(), sources, catalog.PackageCount, catalog.SpecCount, allArches, result.Summary, result.Rows);
    }
}
