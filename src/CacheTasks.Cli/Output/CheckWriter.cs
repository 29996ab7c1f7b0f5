using CacheTasks.Coverage;
using CacheTasks.Reports;
using CacheTasks.Run;

namespace CacheTasks.Cli.Output;

/// <summary>
/// The results of <c>cachetasks check</c> on stdout: one line per (requirement, arch) row and the
/// summary line the MSBuild target prints, or, with <c>--json</c>, the coverage.json document itself.
/// </summary>
internal static class CheckWriter
{
    public static void Write(TextWriter output, CoverageRunResult run, bool json)
    {
        if (run.Report is null || run.Result is null)
        {
            return;
        }

        if (json)
        {
            using var buffer = new MemoryStream();
            new JsonReportWriter().Write(run.Report, buffer);
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return;
        }

        // How the host was read matters only when the host is one of the arches checked.
        if (run.Result.Rows.Any(row => row.Arch == run.Host.Arch))
        {
            output.WriteLine(string.Format(Messages.HostDetected, run.Host.Arch, run.Host.Explanation));
        }

        foreach (var row in run.Result.Rows)
        {
            output.WriteLine(string.Format(CliMessages.CheckRow, ReportText.ShortCell(row), row.Requirement.Text, row.Arch));
        }

        var summary = run.Result.Summary;
        var percent = ReportText.Percent(summary.Percent);
        var report = run.ReportFiles.FirstOrDefault(f => f.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) ?? (run.ReportFiles.Count > 0 ? run.ReportFiles[0] : null);
        output.WriteLine(report is null
            ? string.Format(Messages.SummaryNoReport, summary.Covered, summary.Total, percent)
            : string.Format(Messages.Summary, summary.Covered, summary.Total, percent, report));
        if (run.Report.Baseline is { } baseline)
        {
            output.WriteLine(ReportText.Delta(baseline));
            output.WriteLine(ReportText.DeltaDetails(baseline));
        }
    }
}
