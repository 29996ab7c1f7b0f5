using CacheTasks.Run;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;

namespace CacheTasks.Core.Tests.Coverage;

public sealed class CoverageThresholdTests
{
    [Theory]
    [InlineData("80", 80.0)]
    [InlineData(" 66.5 ", 66.5)]
    [InlineData("0", 0.0)]
    [InlineData("100", 100.0)]
    [InlineData("75%", 75.0)]
    public void A_percent_from_0_to_100_is_a_threshold(string text, double expected)
    {
        var diagnostics = new List<Diagnostic>();

        Assert.Equal(expected, RunInputValidator.Threshold(text, diagnostics));
        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("101")]
    [InlineData("-1")]
    [InlineData("80,5")]
    [InlineData("NaN")]
    public void Anything_else_is_CT3004_naming_the_property_and_the_value(string text)
    {
        var diagnostics = new List<Diagnostic>();

        Assert.Null(RunInputValidator.Threshold(text, diagnostics));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidProperty, diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(string.Format(Messages.InvalidProperty, "SpackCoverageThreshold", text, Messages.ThresholdRange), diagnostic.Message);
    }

    [Fact]
    public void Coverage_below_the_threshold_is_CT1100_with_both_numbers()
    {
        var diagnostic = CoverageThreshold.Check(80, new CoverageSummary(Total: 7, Covered: 5));

        Assert.NotNull(diagnostic);
        Assert.Equal(DiagnosticCodes.BelowThreshold, diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(string.Format(Messages.BelowThreshold, "71.42", 5, 7, "80"), diagnostic.Message);
    }

    [Fact]
    public void Coverage_at_or_above_the_threshold_passes_and_just_below_never_reads_as_equal()
    {
        Assert.Null(CoverageThreshold.Check(50, new CoverageSummary(Total: 2, Covered: 1)));
        Assert.Null(CoverageThreshold.Check(100, new CoverageSummary(Total: 0, Covered: 0)));

        var justBelow = CoverageThreshold.Check(80, new CoverageSummary(Total: 10001, Covered: 8000));
        Assert.NotNull(justBelow);
        Assert.Equal(string.Format(Messages.BelowThreshold, "79.99", 8000, 10001, "80"), justBelow.Message);
    }
}
