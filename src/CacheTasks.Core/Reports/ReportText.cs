using System.Globalization;
using CacheTasks.Coverage;

namespace CacheTasks.Reports;

/// <summary>Text shared by the human-readable reports and the build summary.</summary>
public static class ReportText
{
    /// <summary>A percentage as users read it: one decimal, invariant culture (71.4).</summary>
    public static string Percent(double percent) => percent.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>A matrix cell: ✓ and the best matched version, or ✗ and the first words of the reason.</summary>
    public static string ShortCell(CoverageRow row)
    {
        if (row.Status == CoverageStatus.Covered)
        {
            var best = row.Matches.SelectMany(m => m.Versions).Max();
            return "✓ " + best?.Text;
        }

        return "✗ " + (row.PackageInCatalog ? Messages.CellNoBinary : Messages.CellNotInCatalog);
    }
}
