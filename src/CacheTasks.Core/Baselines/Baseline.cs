using CacheTasks.Diagnostics;

namespace CacheTasks.Baselines;

/// <summary>
/// An earlier check as its coverage.json tells it (<c>SpackCoverageBaseline</c>): where it was
/// read from, the arches and catalog it checked, its rows and its findings (an older coverage.json
/// without findings: none).
/// </summary>
public sealed record Baseline(
    string Source,
    IReadOnlyList<string> Arches,
    IReadOnlyList<string> CatalogSources,
    IReadOnlyList<BaselineRow> Rows,
    IReadOnlyList<Diagnostic> Findings);
