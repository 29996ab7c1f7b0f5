using CacheTasks.Coverage;
using CacheTasks.Reports;

namespace CacheTasks.Core.Tests.Coverage;

public sealed class CoverageSummaryTests
{
    [Theory]
    [InlineData(1999, 2000, "99.9", 99.95)]
    [InlineData(19999, 20000, "99.9", 99.99)]
    [InlineData(5, 7, "71.4", 71.42)]
    [InlineData(573, 1000, "57.3", 57.3)]
    [InlineData(2, 2, "100.0", 100.0)]
    [InlineData(0, 0, "100.0", 100.0)]
    public void Percentages_are_cut_never_rounded_up_to_a_pass(int covered, int total, string shown, double inJson)
    {
        var summary = new CoverageSummary(total, covered);

        Assert.Equal(shown, ReportText.Percent(summary.Percent));
        Assert.Equal(inJson, CoverageSummary.Truncate(summary.Percent, 2));
    }
}
