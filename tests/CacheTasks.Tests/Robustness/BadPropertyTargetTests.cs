using CacheTasks.Diagnostics;
using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.Robustness;

/// <summary>
/// Bad requirements and property values, built through the real targets: each is one coded error
/// that names the requirement or property and the value as written, never MSB4018.
/// </summary>
public sealed class BadPropertyTargetTests
{
    private const string Page = "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"versions\": [\"1.3.1\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64_v3\", \"compiler\": \"gcc@13.3.0\"}]\n---";

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // properties, items, expected code, text the message must contain
        { "", """<SpackRequirement Include="zlib@" />""", DiagnosticCodes.InvalidRequirement, "'zlib@'" },
        { "", """<SpackRequirement Include="@" />""", DiagnosticCodes.InvalidRequirement, "'@'" },
        { "", """<SpackRequirement Include="zlib@1.2:1.3:" />""", DiagnosticCodes.InvalidRequirement, "'1.2:1.3:' has more than one ':'" },
        { "", """<SpackRequirement Include="zlib $foo" />""", DiagnosticCodes.InvalidRequirement, "unexpected '$'" },
        { "", """<SpackRequirement Include="zlib !x" />""", DiagnosticCodes.InvalidRequirement, "unexpected '!'" },
        { "", """<SpackRequirement Include="zlïb" />""", DiagnosticCodes.InvalidRequirement, "unexpected 'ï'" },
        { "", """<SpackRequirement Include="zlib" Version="[1.0" />""", DiagnosticCodes.InvalidRequirement, "'[1.0'" },
        { "", """<SpackRequirement Include="zlib" Severity="loud" />""", DiagnosticCodes.InvalidProperty, "'loud'" },
        { "", """<SpackRequirement Include="zlib" Arch="linux--x86_64" />""", DiagnosticCodes.UnknownArch, "'linux--x86_64'" },
        { "<SpackArch>linux-ubuntu24.04-x86_64_v3;é</SpackArch>", """<SpackRequirement Include="zlib" />""", DiagnosticCodes.UnknownArch, "'é' in SpackArch" },
        { "<SpackCoverageThreshold>abc</SpackCoverageThreshold>", """<SpackRequirement Include="zlib" />""", DiagnosticCodes.InvalidProperty, "SpackCoverageThreshold has an invalid value 'abc'" },
        { "<SpackCoverageThreshold>150</SpackCoverageThreshold>", """<SpackRequirement Include="zlib" />""", DiagnosticCodes.InvalidProperty, "SpackCoverageThreshold has an invalid value '150'" },
        { "<SpackCoverageThreshold>-1</SpackCoverageThreshold>", """<SpackRequirement Include="zlib" />""", DiagnosticCodes.InvalidProperty, "SpackCoverageThreshold has an invalid value '-1'" },
        { "<SpackCoverageReportFormats>json;pdf</SpackCoverageReportFormats>", """<SpackRequirement Include="zlib" />""", DiagnosticCodes.InvalidProperty, "SpackCoverageReportFormats has an invalid value 'pdf'" },
        { "<SpackMissingSeverity>fatal</SpackMissingSeverity>", """<SpackRequirement Include="zlib" />""", DiagnosticCodes.InvalidProperty, "SpackMissingSeverity has an invalid value 'fatal'" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_value_is_one_coded_error_naming_it(string properties, string items, string code, string named)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = Project(folder, properties, items);

        var build = InProcessBuild.Run(project);

        Assert.False(build.Succeeded);
        var error = Assert.Single(build.Log.Errors);
        Assert.Equal(code, error.Code);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(build.Lines, l => l.Contains("MSB4018", StringComparison.Ordinal));
    }

    [Fact]
    public void A_3000_character_spec_is_checked_like_any_other()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var name = new string('a', 3000);
        var project = Project(folder, "", $"""<SpackRequirement Include="{name}" /><SpackRequirement Include="zlib@1.3" />""");

        var build = InProcessBuild.Run(project);

        Assert.True(build.Succeeded);
        var warning = Assert.Single(build.Log.Warnings);
        Assert.Equal(DiagnosticCodes.PackageNotInCatalog, warning.Code);
        Assert.Contains($"'{name}'", warning.Message, StringComparison.Ordinal);
        Assert.Equal(["missing", "covered"], build.CoverageResults.Select(r => r.GetMetadataValue("Status")));
    }

    [Fact]
    public void Stray_semicolons_in_SpackArch_are_ignored()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = Project(folder, "<SpackArch>;linux-ubuntu24.04-x86_64_v3;;</SpackArch>", """<SpackRequirement Include="zlib@1.3" />""");

        var build = InProcessBuild.Run(project);

        Assert.True(build.Succeeded);
        Assert.Empty(build.Lines);
        Assert.Equal("linux-ubuntu24.04-x86_64_v3", Assert.Single(build.CoverageResults).GetMetadataValue("Arch"));
    }

    [Fact]
    public void An_Include_that_evaluates_to_nothing_adds_no_requirement()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = Project(folder, "", """<SpackRequirement Include="$(NotDefined)" /><SpackRequirement Include="zlib@1.3" />""");

        var build = InProcessBuild.Run(project);

        Assert.True(build.Succeeded);
        Assert.Empty(build.Lines);
        Assert.Equal("zlib@1.3", Assert.Single(build.CoverageResults).EvaluatedInclude);
    }

    private static string Project(TemporaryDirectory folder, string properties, string items)
    {
        folder.Write("catalog/develop/zlib/specs.md", Page);
        var defaults = $"""
                <SpackCatalog>{folder.Combine("catalog")}</SpackCatalog>
                <SpackArch>linux-ubuntu24.04-x86_64_v3</SpackArch>
            """;
        return folder.Write("app.proj", InProcessBuild.Project(properties.Contains("<SpackArch>", StringComparison.Ordinal) ? $"<SpackCatalog>{folder.Combine("catalog")}</SpackCatalog>" + properties : defaults + properties, items));
    }
}
