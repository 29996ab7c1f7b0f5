using System.Globalization;
using CacheTasks.Baselines;
using CacheTasks.Coverage;

namespace CacheTasks.Reports;

/// <summary>Text shared by the human-readable reports and the build summary.</summary>
public static class ReportText
{
    /// <summary>A percentage as users read it: one decimal, cut not rounded, invariant culture (71.4).</summary>
    public static string Percent(double percent) => CoverageSummary.Truncate(percent, 1).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>What changed since the baseline, the line coverage.md and coverage.html lead with.</summary>
    public static string Delta(BaselineComparison baseline) =>
        string.Format(CultureInfo.InvariantCulture, Messages.BaselineDelta, baseline.NewlyMissing, baseline.Count(BaselineState.Fixed));

    /// <summary>The rest of the comparison, and which baseline it was.</summary>
    public static string DeltaDetails(BaselineComparison baseline) =>
        string.Format(CultureInfo.InvariantCulture, Messages.BaselineDeltaDetails, baseline.Count(BaselineState.StillMissing), baseline.Count(BaselineState.NewCovered), baseline.Count(BaselineState.UnchangedCovered), baseline.Removed, baseline.Source);

    /// <summary>A matrix cell: ✓ and the best matched version, or ✗ and the first words of the reason.</summary>
    public static string ShortCell(CoverageRow row)
    {
        if (row.Status == CoverageStatus.Covered)
        {
            var unverified = row.Unverified;
            return "✓ " + row.BestMatch?.Versions.Max()?.Text + (unverified.Count == 0 ? string.Empty : string.Format(Messages.CellUnverified, string.Join(" ", unverified)));
        }

        return "✗ " + ShortReason(row);
    }

    /// <summary>A few words for why a row is missing: not in catalog, or the constraint that ruled its binaries out.</summary>
    public static string ShortReason(CoverageRow row)
    {
        if (!row.PackageInCatalog)
        {
            return Messages.CellNotInCatalog;
        }

        if (row.RuledOutBy == Mismatch.Dependency && row.AbsentLockedDependencies.Count > 0)
        {
            return string.Format(Messages.CellLockedDependenciesAbsent, row.AbsentLockedDependencies.Count);
        }

        return row.RuledOutBy switch
        {
            Mismatch.Version => Messages.CellRuledOutVersion,
            Mismatch.Variant => Messages.CellRuledOutVariant,
            Mismatch.Compiler => Messages.CellRuledOutCompiler,
            Mismatch.Dependency => Messages.CellRuledOutDependency,
            Mismatch.Target => Messages.CellRuledOutTarget,
            Mismatch.Os => Messages.CellRuledOutOs,
            Mismatch.Platform => Messages.CellRuledOutPlatform,
            Mismatch.Stack => Messages.CellRuledOutStack,
            _ => Messages.CellNoBinary,
        };
    }
}
