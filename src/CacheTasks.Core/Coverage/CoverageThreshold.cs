using System.Globalization;
using CacheTasks.Diagnostics;

namespace CacheTasks.Coverage;

/// <summary>
/// <c>SpackCoverageThreshold</c>: the least percent of (requirement × arch) rows that must be
/// covered; coverage below it is CT1100. (The value itself is judged by the run's input validator.)
/// </summary>
public static class CoverageThreshold
{
    /// <summary>CT1100 when the summary's percent is below <paramref name="threshold"/>, otherwise null.</summary>
    public static Diagnostic? Check(double threshold, CoverageSummary summary)
    {
        if (summary.Percent >= threshold)
        {
            return null;
        }

        return new Diagnostic(
            DiagnosticCodes.BelowThreshold,
            DiagnosticSeverity.Error,
            string.Format(Messages.BelowThreshold, Format(summary.Percent), summary.Covered, summary.Total, Format(threshold)));
    }

    // Truncated, not rounded: 79.99 must never read as "80%, below 80%".
    private static string Format(double percent) =>
        CoverageSummary.Truncate(percent, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
