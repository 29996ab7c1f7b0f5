using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Incremental;
using CacheTasks.Platform;
using CacheTasks.Reports;

namespace CacheTasks.Run;

/// <summary>
/// What a run found: the rows (null when the check could not run), all diagnostics in order and as
/// the build logs them (the warning policy applied), the reports written.
/// </summary>
public sealed record CoverageRunResult(
    HostDetection Host,
    CoverageResult? Result,
    CoverageReport? Report,
    IReadOnlyList<Diagnostic> Diagnostics,
    IReadOnlyList<string> ReportFiles)
{
    /// <summary>What the run read besides its inputs (included files, environment variables, the host), for incremental builds.</summary>
    public CheckDependencies Dependencies { get; init; } = CheckDependencies.None;

    /// <summary>One <c>SpackCoverageResult</c> item per row, with the metadata SPEC.md documents.</summary>
    public IReadOnlyList<SavedResult> Items { get; init; } = [];

    /// <summary>The one line that sums the check up ("CacheTasks: 5 of 7 spec×arch rows covered …"); null when it could not run.</summary>
    public string? Summary { get; init; }

    /// <summary>How the catalog was had: loaded (how long, which parsed cache) or reused from an earlier project of the build; for the build log.</summary>
    public string? CatalogNote { get; init; }

    /// <summary>When an earlier project of the build computed this check from identical inputs: which one, for the build log; null when it was computed here.</summary>
    public string? CheckNote { get; init; }

    /// <summary>Why the results could not be saved for the next build (it then checks again); null when they were, or none were asked for.</summary>
    public string? ResultsNotSaved { get; init; }
}
