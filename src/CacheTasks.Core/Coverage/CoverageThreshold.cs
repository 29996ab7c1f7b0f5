using System.Globalization;
using CacheTasks.Diagnostics;

namespace CacheTasks.Coverage;

/// <summary>
/// <c>SpackCoverageThreshold</c>: the least percent of (requirement × arch) rows that must be
/// covered. An invalid value is CT3004 and no threshold applies; coverage below it is CT1100.
/// </summary>
public static class CoverageThreshold
{
    public const string PropertyName = "SpackCoverageThreshold";

    /// <summary>The threshold, or null when none is set or the value is invalid (then CT3004 is added).</summary>
    public static double? Parse(string? text, ICollection<Diagnostic> diagnostics)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text!.Trim().TrimEnd('%').Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 100)
        {
            return value;
        }

        diagnostics.Add(new Diagnostic(DiagnosticCodes.InvalidProperty, DiagnosticSeverity.Error, string.Format(Messages.InvalidProperty, PropertyName, text, Messages.ThresholdRange)));
        return null;
    }

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
