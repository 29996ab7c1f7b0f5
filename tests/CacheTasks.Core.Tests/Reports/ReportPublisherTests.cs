using CacheTasks.Diagnostics;
using CacheTasks.Reports;

namespace CacheTasks.Core.Tests.Reports;

/// <summary>Reports are written whole or not at all.</summary>
public sealed class ReportPublisherTests
{
    /// <summary>Writes half a report, then fails as a full disk would.</summary>
    private sealed class FailingWriter : IReportWriter
    {
        public string Format => "json";

        public string FileName => "coverage.json";

        public void Write(CoverageReport report, Stream output)
        {
            output.Write([(byte)'{', (byte)'"'], 0, 2);
            throw new IOException("No space left on device");
        }
    }

    [Fact]
    public void A_failed_write_leaves_the_previous_report_whole_and_is_CT2004()
    {
        using var fixture = new ReportFixture("json", "md");
        var previous = fixture.Report("coverage.json");
        var diagnostics = new List<Diagnostic>();

        var written = ReportPublisher.Publish(fixture.Run.Report!, fixture.Folder.Combine("reports"), [new FailingWriter(), new MarkdownReportWriter()], diagnostics);

        Assert.Equal([fixture.Folder.Combine("reports", "coverage.md")], written);
        Assert.Equal(previous, fixture.Report("coverage.json"));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.ReportNotWritten, diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(string.Format(Messages.ReportNotWritten, fixture.Folder.Combine("reports", "coverage.json"), "No space left on device"), diagnostic.Message);
        Assert.Equal(["coverage.json", "coverage.md"], Directory.GetFiles(fixture.Folder.Combine("reports")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
