namespace CacheTasks.Reports;

/// <summary>The report formats CacheTasks writes, by the names <c>SpackCoverageReportFormats</c> takes.</summary>
public static class ReportFormats
{
    public static IReadOnlyList<IReportWriter> All { get; } = [new JsonReportWriter(), new MarkdownReportWriter(), new HtmlReportWriter(), new SarifReportWriter()];
}
