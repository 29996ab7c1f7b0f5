using CacheTasks.Run;
using CacheTasks.Diagnostics;
using CacheTasks.Reports;

namespace CacheTasks.Core.Tests.Reports;

public sealed class ReportFormatsTests
{
    [Fact]
    public void The_four_formats_are_registered_each_with_its_coverage_file()
    {
        Assert.Equal(["json", "md", "html", "sarif"], ReportFormats.All.Select(w => w.Format));
        Assert.All(ReportFormats.All, w => Assert.Equal("coverage." + w.Format, w.FileName));
    }

    [Fact]
    public void Names_are_read_as_users_write_them_and_an_unknown_one_is_CT3004_listing_all()
    {
        var diagnostics = new List<Diagnostic>();

        var writers = RunInputValidator.ReportWriters([" HTML", ".sarif;json", "html,md", "pdf"], diagnostics);

        Assert.Equal(["html", "sarif", "json", "md"], writers.Select(w => w.Format));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(string.Format(Messages.InvalidProperty, "SpackCoverageReportFormats", "pdf", string.Format(Messages.KnownValues, "json, md, html, sarif")), diagnostic.Message);
    }
}
