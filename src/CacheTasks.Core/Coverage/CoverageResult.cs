using CacheTasks.Diagnostics;

namespace CacheTasks.Coverage;

/// <summary>The rows of a check, in declaration order then arch order, and its findings.</summary>
public sealed record CoverageResult(IReadOnlyList<CoverageRow> Rows, IReadOnlyList<Diagnostic> Diagnostics)
{
    public CoverageSummary Summary { get; } = CoverageSummary.Of(Rows);
}
