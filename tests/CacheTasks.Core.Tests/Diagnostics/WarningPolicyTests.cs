using CacheTasks.Diagnostics;

namespace CacheTasks.Core.Tests.Diagnostics;

/// <summary>The project's warning properties, applied to CT codes as the C# compiler applies them.</summary>
public sealed class WarningPolicyTests
{
    private static readonly Diagnostic Warning = new(DiagnosticCodes.MissingForArch, DiagnosticSeverity.Warning, "w");
    private static readonly Diagnostic Error = new(DiagnosticCodes.InvalidRequirement, DiagnosticSeverity.Error, "e");
    private static readonly Diagnostic Message = new(DiagnosticCodes.MissingForArch, DiagnosticSeverity.Message, "m");

    [Fact]
    public void With_nothing_set_severities_are_unchanged()
    {
        Assert.Equal(DiagnosticSeverity.Warning, WarningPolicy.None.SeverityOf(Warning));
        Assert.Equal(DiagnosticSeverity.Error, WarningPolicy.None.SeverityOf(Error));
        Assert.Equal(DiagnosticSeverity.Message, WarningPolicy.None.SeverityOf(Message));
    }

    [Theory]
    [InlineData("CT1001")]
    [InlineData("CS1591;CT1001")]
    [InlineData("CS1591, ct1001 ,NU1603")]
    [InlineData("$(NoWarn);CT1001")]
    public void NoWarn_silences_the_warning_in_any_list_form(string noWarn)
    {
        var policy = new WarningPolicy(noWarn: noWarn);

        Assert.True(policy.IsSuppressed(Warning));
        Assert.Equal(DiagnosticSeverity.Message, policy.SeverityOf(Warning));
    }

    [Fact]
    public void NoWarn_never_silences_an_error_or_another_code()
    {
        var policy = new WarningPolicy(noWarn: "CT3001;CT1002");

        Assert.Equal(DiagnosticSeverity.Error, policy.SeverityOf(Error));
        Assert.Equal(DiagnosticSeverity.Warning, policy.SeverityOf(Warning));
    }

    [Fact]
    public void WarningsAsErrors_promotes_the_listed_codes_only()
    {
        Assert.Equal(DiagnosticSeverity.Error, new WarningPolicy(warningsAsErrors: "CT1001").SeverityOf(Warning));
        Assert.Equal(DiagnosticSeverity.Warning, new WarningPolicy(warningsAsErrors: "CT1002").SeverityOf(Warning));
        Assert.Equal(DiagnosticSeverity.Message, new WarningPolicy(warningsAsErrors: "CT1001").SeverityOf(Message));
    }

    [Fact]
    public void TreatWarningsAsErrors_promotes_every_warning_but_those_in_WarningsNotAsErrors()
    {
        Assert.Equal(DiagnosticSeverity.Error, new WarningPolicy(treatWarningsAsErrors: true).SeverityOf(Warning));
        Assert.Equal(DiagnosticSeverity.Warning, new WarningPolicy(warningsNotAsErrors: "CT1001", treatWarningsAsErrors: true).SeverityOf(Warning));
        Assert.Equal(DiagnosticSeverity.Warning, new WarningPolicy(warningsNotAsErrors: "CT1001").SeverityOf(Warning));
    }

    [Fact]
    public void NoWarn_wins_over_WarningsAsErrors_and_TreatWarningsAsErrors()
    {
        var policy = new WarningPolicy(noWarn: "CT1001", warningsAsErrors: "CT1001", treatWarningsAsErrors: true);

        Assert.Equal(DiagnosticSeverity.Message, policy.SeverityOf(Warning));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData(" True ", true)]
    [InlineData("false", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void TreatWarningsAsErrors_reads_MSBuild_booleans(string? value, bool expected) =>
        Assert.Equal(expected, WarningPolicy.IsTrue(value));
}
