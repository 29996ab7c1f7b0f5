using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.Targets;

/// <summary>The real build/CacheTasks.props and .targets, built in-process with the SDK's MSBuild.</summary>
public sealed class SpackCoverageCheckTargetTests
{
    private const string Page = "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"versions\": [\"1.3.1\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64_v3\", \"compiler\": \"gcc@13.3.0\", \"variants\": [\"+shared\"], \"stacks\": [\"e4s\"]}]\n---";

    private static string WriteProject(TemporaryDirectory folder, string properties, string items, string extra = "")
    {
        folder.Write("catalog/develop/zlib/specs.md", Page);
        var defaults = $"""
                <SpackCatalog>{folder.Combine("catalog")}</SpackCatalog>
                <SpackArch>linux-ubuntu24.04-x86_64_v3;linux-ubuntu24.04-aarch64</SpackArch>
            """;
        return folder.Write("app.proj", InProcessBuild.Project(defaults + properties, items, extra));
    }

    [Fact]
    public void A_build_checks_the_requirements_and_points_diagnostics_at_their_lines()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, "", """
                <SpackRequirement Include="zlib@1.3" />
                <SpackRequirement Include="libpng@1.6" />
            """);

        var build = InProcessBuild.Run(project);

        Assert.True(build.Succeeded);
        Assert.True(build.CheckRan);
        var lines = build.Lines.ToList();
        Assert.Equal(2, lines.Count);
        Assert.StartsWith($"{project}(", lines[0]);
        Assert.Contains("): warning CT1001: 'zlib@1.3' has no binary for linux-ubuntu24.04-aarch64", lines[0]);
        Assert.Contains("warning CT1002: 'libpng@1.6'", lines[1]);
        var ct1001 = build.Log.Warnings[0];
        var projectLines = File.ReadAllLines(project);
        Assert.Contains("Include=\"zlib@1.3\"", projectLines[ct1001.LineNumber - 1]);
        Assert.Equal("zlib@1.3", projectLines[ct1001.LineNumber - 1].Substring(ct1001.ColumnNumber - 1, "zlib@1.3".Length));

        var results = build.CoverageResults.ToList();
        Assert.Equal(4, results.Count);
        Assert.Equal(["covered", "missing", "missing", "missing"], results.Select(r => r.GetMetadataValue("Status")));
        Assert.True(File.Exists(folder.Combine("spack-coverage", "coverage.json")));
        CoverageSchema.AssertValid(folder.Combine("spack-coverage", "coverage.json"));
        Assert.True(File.Exists(folder.Combine("spack-coverage", "coverage.md")));
    }

    [Fact]
    public void The_target_can_run_alone_and_returns_its_results()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, "", """<SpackRequirement Include="zlib" Arch="linux-ubuntu24.04-zen4" />""");

        var build = InProcessBuild.Run(project, "SpackCoverageCheck");

        Assert.True(build.Succeeded);
        var result = Assert.Single(build.CoverageResults);
        Assert.Equal("linux-ubuntu24.04-zen4", result.GetMetadataValue("Arch"));
        Assert.Equal("covered", result.GetMetadataValue("Status"));
    }

    [Fact]
    public void Missing_severity_error_fails_the_build()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, "<SpackMissingSeverity>error</SpackMissingSeverity>", """<SpackRequirement Include="zlib@9" />""");

        var build = InProcessBuild.Run(project);

        Assert.False(build.Succeeded);
        Assert.All(build.Log.Errors, e => Assert.Equal("CT1001", e.Code));
        Assert.Equal(2, build.Log.Errors.Count);
    }

    [Theory]
    [InlineData("<SpackCoverageCheck>false</SpackCoverageCheck>", "")]
    [InlineData("<DesignTimeBuild>true</DesignTimeBuild>", "")]
    [InlineData("<BuildingForLiveUnitTesting>true</BuildingForLiveUnitTesting>", "")]
    public void The_check_is_skipped_when_turned_off_or_in_design_time_builds(string property, string unused)
    {
        _ = unused;
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, property, """<SpackRequirement Include="zlib@9" />""");

        var build = InProcessBuild.Run(project);

        Assert.True(build.Succeeded);
        Assert.False(build.CheckRan);
        Assert.Empty(build.Lines);
    }

    [Fact]
    public void A_project_without_requirements_does_not_run_the_check()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, "", "");

        var build = InProcessBuild.Run(project);

        Assert.True(build.Succeeded);
        Assert.False(build.CheckRan);
    }

    [Fact]
    public void Other_targets_can_use_the_results()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, "", """<SpackRequirement Include="zlib" />""", """
              <Target Name="ShowMissing" AfterTargets="SpackCoverageCheck">
                <Message Importance="high" Text="missing: @(SpackCoverageResult->WithMetadataValue('Status', 'missing')->'%(Arch)')" />
              </Target>
            """);

        var build = InProcessBuild.Run(project);

        Assert.Contains(build.Log.Messages, m => m.Message == "missing: linux-ubuntu24.04-aarch64");
    }

    [Fact]
    public void A_task_failure_is_a_coded_error_never_MSB4018()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        // A report folder that is a file: the publisher reports CT2004 for each default report (json, md, html) and the build goes on.
        folder.Write("blocked", "a file, not a folder");
        var project = WriteProject(folder, $"<SpackCoverageReportDirectory>{folder.Combine("blocked")}/</SpackCoverageReportDirectory>", """<SpackRequirement Include="zlib" Arch="linux-ubuntu24.04-x86_64_v3" />""");

        var build = InProcessBuild.Run(project);

        Assert.True(build.Succeeded);
        Assert.DoesNotContain(build.Log.Errors, e => e.Code == "MSB4018");
        Assert.Equal(["CT2004", "CT2004", "CT2004"], build.Log.Warnings.Select(w => w.Code));
    }
}
