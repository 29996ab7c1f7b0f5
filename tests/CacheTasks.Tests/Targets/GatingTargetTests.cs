using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;
using Microsoft.Build.Framework;

namespace CacheTasks.Tests.Targets;

/// <summary>
/// How a build fails, or not: SpackCoverageThreshold, SpackMissingSeverity, Severity metadata and
/// the project's NoWarn / WarningsAsErrors / WarningsNotAsErrors / TreatWarningsAsErrors, through
/// the real targets. The catalog has zlib for x86_64_v3 only, so on two arches a zlib requirement
/// is one covered row and one CT1001.
/// </summary>
public sealed class GatingTargetTests
{
    private const string Page = "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"versions\": [\"1.3.1\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64_v3\", \"compiler\": \"gcc@13.3.0\", \"variants\": [\"+shared\"], \"stacks\": [\"e4s\"]}]\n---";

    private const string OneMissingRow = """<SpackRequirement Include="zlib@1.3" />""";

    private static string WriteProject(TemporaryDirectory folder, string properties, string items = OneMissingRow)
    {
        folder.Write("catalog/develop/zlib/specs.md", Page);
        var defaults = $"""
                <SpackCatalog>{folder.Combine("catalog")}</SpackCatalog>
                <SpackArch>linux-ubuntu24.04-x86_64_v3;linux-ubuntu24.04-aarch64</SpackArch>
            """;
        return folder.Write("app.proj", InProcessBuild.Project(defaults + properties, items));
    }

    [Fact]
    public void Coverage_below_the_threshold_fails_the_build_with_CT1100_naming_both_numbers()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, "<SpackCoverageThreshold>60</SpackCoverageThreshold>");

        var build = InProcessBuild.Run(project);

        Assert.False(build.Succeeded);
        var error = Assert.Single(build.Log.Errors);
        Assert.Equal($"{project}: error CT1100: {string.Format(Messages.BelowThreshold, "50", 1, 2, "60")}", LogLine.Format(error.File, error.LineNumber, error.ColumnNumber, "error", error.Code, error.Message));
        Assert.Equal("https://github.com/cachetasks/cachetasks/blob/main/docs/diagnostics/CT1100.md", error.HelpLink);
        Assert.Equal(["CT1001"], build.Log.Warnings.Select(w => w.Code));
    }

    [Fact]
    public void Coverage_at_the_threshold_passes()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, "<SpackCoverageThreshold>50</SpackCoverageThreshold>");

        var build = InProcessBuild.Run(project);

        Assert.True(build.Succeeded);
        Assert.Empty(build.Log.Errors);
    }

    [Theory]
    [InlineData("eighty")]
    [InlineData("120")]
    public void An_invalid_threshold_is_CT3004_naming_the_property_and_value(string value)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, $"<SpackCoverageThreshold>{value}</SpackCoverageThreshold>");

        var build = InProcessBuild.Run(project);

        Assert.False(build.Succeeded);
        var error = Assert.Single(build.Log.Errors);
        Assert.Equal("CT3004", error.Code);
        Assert.Equal(string.Format(Messages.InvalidProperty, "SpackCoverageThreshold", value, Messages.ThresholdRange), error.Message);
    }

    [Fact]
    public void SpackMissingSeverity_message_logs_CT1001_as_a_visible_message_and_passes()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, "<SpackMissingSeverity>message</SpackMissingSeverity>");

        var build = InProcessBuild.Run(project);

        Assert.True(build.Succeeded);
        Assert.Empty(build.Lines);
        var message = Assert.Single(build.Log.Messages, m => m.Code == "CT1001");
        Assert.Equal(MessageImportance.High, message.Importance);
    }

    [Fact]
    public void Severity_metadata_overrides_SpackMissingSeverity_per_requirement()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, "<SpackMissingSeverity>error</SpackMissingSeverity>", """
                <SpackRequirement Include="zlib@1.3" Severity="warning" />
                <SpackRequirement Include="zlib@1.2" Severity="message" />
                <SpackRequirement Include="zlib@1.1" />
            """);

        var build = InProcessBuild.Run(project);

        Assert.False(build.Succeeded);
        Assert.Equal(["'zlib@1.3'"], build.Log.Warnings.Select(w => w.Message!.Split(' ')[0]));
        Assert.Equal(["'zlib@1.1'", "'zlib@1.1'"], build.Log.Errors.Select(e => e.Message!.Split(' ')[0]));
        Assert.Equal(2, build.Log.Messages.Count(m => m.Code == "CT1001" && m.Message!.StartsWith("'zlib@1.2'", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_unknown_SpackMissingSeverity_is_CT3004()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, "<SpackMissingSeverity>fatal</SpackMissingSeverity>");

        var build = InProcessBuild.Run(project);

        Assert.False(build.Succeeded);
        Assert.Contains(build.Log.Errors, e => e.Code == "CT3004" && e.Message == string.Format(Messages.InvalidProperty, "SpackMissingSeverity", "fatal", Messages.SeverityValues));
    }

    [Fact]
    public void NoWarn_silences_a_CT_warning_and_keeps_it_in_detailed_logs()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, "<NoWarn>$(NoWarn);CS1591;CT1001</NoWarn>");

        var build = InProcessBuild.Run(project);

        Assert.True(build.Succeeded);
        Assert.Empty(build.Lines);
        Assert.Equal(MessageImportance.Low, Assert.Single(build.Log.Messages, m => m.Code == "CT1001").Importance);
    }

    [Fact]
    public void WarningsAsErrors_turns_the_listed_CT_warning_into_an_error_that_fails_the_build()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, "<WarningsAsErrors>CT1001</WarningsAsErrors>", """
                <SpackRequirement Include="zlib@1.3" />
                <SpackRequirement Include="libpng" />
            """);

        var build = InProcessBuild.Run(project);

        Assert.False(build.Succeeded);
        Assert.Equal(["CT1001"], build.Log.Errors.Select(e => e.Code));
        Assert.Equal(["CT1002"], build.Log.Warnings.Select(w => w.Code));
    }

    [Fact]
    public void TreatWarningsAsErrors_turns_every_CT_warning_into_an_error()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, "<TreatWarningsAsErrors>true</TreatWarningsAsErrors>", """
                <SpackRequirement Include="zlib@1.3" />
                <SpackRequirement Include="libpng" />
            """);

        var build = InProcessBuild.Run(project);

        Assert.False(build.Succeeded);
        Assert.Equal(["CT1001", "CT1002"], build.Log.Errors.Select(e => e.Code));
        Assert.Empty(build.Log.Warnings);
    }

    [Fact]
    public void WarningsNotAsErrors_keeps_a_code_a_warning_under_TreatWarningsAsErrors()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, "<TreatWarningsAsErrors>true</TreatWarningsAsErrors><WarningsNotAsErrors>NU1603;CT1001</WarningsNotAsErrors>");

        var build = InProcessBuild.Run(project);

        Assert.True(build.Succeeded);
        Assert.Equal(["CT1001"], build.Log.Warnings.Select(w => w.Code));
        Assert.Empty(build.Log.Errors);
    }
}
