using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Incremental;
using CacheTasks.Platform;
using CacheTasks.Reports;

namespace CacheTasks.Run;

/// <summary>What a run found: the rows (null when the check could not run), all diagnostics in order, the reports written.</summary>
public sealed record CoverageRunResult(
    HostDetection Host,
    CoverageResult? Result,
    CoverageReport? Report,
    IReadOnlyList<Diagnostic> Diagnostics,
    IReadOnlyList<string> ReportFiles)
{
    /// <summary>What the run read besides its inputs (included files, environment variables, the host), for incremental builds.</summary>
    public CheckDependencies Dependencies { get; init; } = CheckDependencies.None;
}
