using System.Globalization;
using System.Text;
using CacheTasks.Coverage;

namespace CacheTasks.Reports;

/// <summary>
/// coverage.md: a summary line and a matrix (requirements down, arches across) fit for a CI job
/// summary, then the missing rows with their hints.
/// </summary>
public sealed class MarkdownReportWriter : IReportWriter
{
    public string Format => "md";

    public string FileName => "coverage.md";

    public void Write(CoverageReport report, Stream output)
    {
        var text = new StringBuilder();
        var summary = report.Summary;
        text.Append("# ").Append(Messages.ReportTitle).Append("\n\n");
        if (report.Baseline is { } baseline)
        {
            // A pull request's job summary leads with what the change did.
            text.Append(baseline.NewlyMissing == 0 ? "✓ **" : "✗ **").Append(ReportText.Delta(baseline)).Append("**\n\n");
            text.Append(ReportText.DeltaDetails(baseline)).Append("\n\n");
        }

        text.Append(summary.Missing == 0 ? "✓ " : "✗ ");
        text.Append(string.Format(CultureInfo.InvariantCulture, Messages.MarkdownSummary, summary.Covered, summary.Total, ReportText.Percent(summary.Percent), report.CatalogPackages, report.CatalogSpecs));
        text.Append("\n\n");
        if (report.Host is not null)
        {
            text.Append(string.Format(CultureInfo.InvariantCulture, Messages.MarkdownHost, report.Host)).Append("\n\n");
        }

        var requirements = report.Rows.Select(r => r.Requirement).Distinct().ToList();
        if (requirements.Count == 0)
        {
            text.Append(Messages.MarkdownNoRequirements).Append('\n');
            Flush(text, output);
            return;
        }

        text.Append("| requirement |");
        foreach (var arch in report.Arches)
        {
            text.Append(' ').Append(Cell(arch.ToString())).Append(" |");
        }

        text.Append("\n|---|");
        text.Append(string.Concat(Enumerable.Repeat("---|", report.Arches.Count)));
        text.Append('\n');
        foreach (var requirement in requirements)
        {
            text.Append("| `").Append(Cell(requirement.Text)).Append('`');
            if (requirement.Stack is not null)
            {
                text.Append(" (").Append(Cell(requirement.Stack)).Append(')');
            }

            text.Append(" |");
            foreach (var arch in report.Arches)
            {
                var row = report.Rows.FirstOrDefault(r => r.Requirement == requirement && r.Arch == arch);
                text.Append(' ').Append(row is null ? "—" : Cell(ReportText.ShortCell(row))).Append(" |");
            }

            text.Append('\n');
        }

        var missing = report.Rows.Where(r => r.Status == CoverageStatus.Missing).ToList();
        if (missing.Count > 0)
        {
            text.Append("\n## Missing\n\n");
            foreach (var row in missing)
            {
                text.Append("- ");
                if (BaselineStateNames.IsNewGap(row.Baseline))
                {
                    text.Append("**").Append(Messages.HtmlNewGap).Append("** ");
                }

                text.Append('`').Append(row.Requirement.Text).Append("` on `").Append(row.Arch).Append('`');
                if (row.Hint is not null)
                {
                    text.Append(": ").Append(row.Hint);
                }

                text.Append('\n');
            }
        }

        var fixedRows = report.Rows.Where(r => r.Baseline == BaselineState.Fixed).ToList();
        if (fixedRows.Count > 0)
        {
            text.Append("\n## ").Append(Messages.MarkdownFixedHeading).Append("\n\n");
            foreach (var row in fixedRows)
            {
                text.Append("- `").Append(row.Requirement.Text).Append("` on `").Append(row.Arch).Append("`: ").Append(ReportText.ShortCell(row)).Append('\n');
            }
        }

        Flush(text, output);
    }

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");

    private static void Flush(StringBuilder text, Stream output)
    {
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());
        output.Write(bytes, 0, bytes.Length);
    }
}
