using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.Targets;

/// <summary>
/// A second build with nothing changed skips the check but shows the same diagnostics and returns
/// the same SpackCoverageResult items; any change to what the check reads makes it run again.
/// </summary>
public sealed class IncrementalBuildTests
{
    private const string HostMessagePrefix = "CacheTasks: host arch";

    private static string Page(string target) => "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"versions\": [\"1.3.1\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"" + target + "\", \"compiler\": \"gcc@13.3.0\", \"variants\": [\"+shared\"], \"stacks\": [\"e4s\"]}]\n---";

    private static string WriteProject(TemporaryDirectory folder, string properties = "")
    {
        folder.Write("catalog/develop/zlib/specs.md", Page("x86_64_v3"));
        folder.Settle("catalog");
        var defaults = $"""
                <SpackCatalog>{folder.Combine("catalog")}</SpackCatalog>
                <SpackArch>linux-ubuntu24.04-x86_64_v3;linux-ubuntu24.04-aarch64</SpackArch>
                <IntermediateOutputPath>obj/</IntermediateOutputPath>
            """;
        return folder.Write("app.proj", InProcessBuild.Project(defaults + properties, """
                <SpackRequirement Include="zlib@1.3" />
                <SpackRequirement Include="libpng" />
            """));
    }

    private static bool Checked(InProcessBuildResult build) => build.Log.Messages.Any(m => m.Message?.StartsWith(HostMessagePrefix, StringComparison.Ordinal) == true);

    private static bool Replayed(InProcessBuildResult build, string folder) =>
        build.Log.Messages.Any(m => m.Message == string.Format(Messages.Replayed, 2, Path.Combine(folder, "obj", "spack-coverage.cache.json")));

    private static IEnumerable<string> ResultItems(InProcessBuildResult build) =>
        build.CoverageResults.Select(r => $"{r.EvaluatedInclude}|{r.GetMetadataValue("Arch")}|{r.GetMetadataValue("Status")}|{r.GetMetadataValue("MatchedHash")}|{r.GetMetadataValue("MatchedVersion")}|{r.GetMetadataValue("Hint")}");

    [Fact]
    public void A_no_op_build_skips_the_check_and_shows_the_same_diagnostics_and_results()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder);

        var first = InProcessBuild.Run(project);
        var second = InProcessBuild.Run(project);

        Assert.True(Checked(first));
        Assert.False(Checked(second));
        Assert.True(Replayed(second, folder.Path));
        Assert.Equal(2, first.Lines.Count());
        Assert.Equal(first.Lines, second.Lines);
        Assert.Equal(first.Log.Warnings.Select(w => w.HelpLink), second.Log.Warnings.Select(w => w.HelpLink));
        Assert.Equal(ResultItems(first), ResultItems(second));
        Assert.Equal(4, ResultItems(second).Count());
        Assert.Contains(second.Log.Messages, m => m.Message == first.Log.Messages.Single(f => f.Message?.StartsWith("CacheTasks: 1 of 4", StringComparison.Ordinal) == true).Message);
    }

    [Fact]
    public void The_target_returns_its_results_to_callers_whether_it_checked_or_replayed()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder);
        File.WriteAllText(project, File.ReadAllText(project).Replace("<Target Name=\"BeforeBuild\" />", """
              <Target Name="BeforeBuild" />
              <Target Name="CallCheck">
                <MSBuild Projects="$(MSBuildProjectFullPath)" Targets="SpackCoverageCheck">
                  <Output TaskParameter="TargetOutputs" ItemName="Returned" />
                </MSBuild>
                <Message Importance="high" Text="returned: @(Returned->'%(Identity) %(Arch) %(Status)', ', ')" />
              </Target>
            """));

        var first = InProcessBuild.Run(project, "CallCheck");
        var second = InProcessBuild.Run(project, "CallCheck");

        const string Expected = "returned: zlib@1.3 linux-ubuntu24.04-x86_64_v3 covered, zlib@1.3 linux-ubuntu24.04-aarch64 missing, libpng linux-ubuntu24.04-x86_64_v3 missing, libpng linux-ubuntu24.04-aarch64 missing";
        Assert.True(Checked(first));
        Assert.Contains(first.Log.Messages, m => m.Message == Expected);
        Assert.False(Checked(second));
        Assert.Contains(second.Log.Messages, m => m.Message == Expected);
    }

    [Fact]
    public void Errors_are_replayed_too_so_a_no_op_build_fails_as_the_first_did()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, "<SpackMissingSeverity>error</SpackMissingSeverity>");

        var first = InProcessBuild.Run(project);
        var second = InProcessBuild.Run(project);

        Assert.False(first.Succeeded);
        Assert.False(second.Succeeded);
        Assert.False(Checked(second));
        Assert.Equal(first.Lines, second.Lines);
    }

    [Fact]
    public void An_edited_catalog_page_makes_the_check_run_again()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder);
        InProcessBuild.Run(project);

        var page = folder.Write("catalog/develop/zlib/specs.md", Page("aarch64"));
        File.SetLastWriteTimeUtc(page, DateTime.UtcNow.AddMinutes(1));
        var rebuilt = InProcessBuild.Run(project);

        Assert.True(Checked(rebuilt));
        Assert.Contains(rebuilt.Lines, l => l.Contains("warning CT1001: 'zlib@1.3' has no binary for linux-ubuntu24.04-x86_64_v3", StringComparison.Ordinal));
    }

    [Fact]
    public void A_catalog_page_added_with_an_old_timestamp_makes_the_check_run_again()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder);
        InProcessBuild.Run(project);

        var page = folder.Write("catalog/develop/libpng/specs.md", Page("x86_64_v3").Replace("zlib", "libpng").Replace("1.3.1", "1.6.43"));
        File.SetLastWriteTimeUtc(page, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var rebuilt = InProcessBuild.Run(project);

        Assert.True(Checked(rebuilt));
        Assert.DoesNotContain(rebuilt.Lines, l => l.Contains("CT1002", StringComparison.Ordinal));
    }

    [Fact]
    public void A_removed_catalog_page_makes_the_check_run_again_and_the_log_says_the_catalog_changed()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder);
        folder.Write("catalog/develop/libpng/specs.md", Page("x86_64_v3").Replace("zlib", "libpng").Replace("1.3.1", "1.6.43"));
        var first = InProcessBuild.Run(project);

        Directory.Delete(folder.Combine("catalog", "develop", "libpng"), recursive: true);
        var rebuilt = InProcessBuild.Run(project);

        Assert.DoesNotContain(first.Lines, l => l.Contains("CT1002", StringComparison.Ordinal));
        Assert.True(Checked(rebuilt));
        Assert.Contains(rebuilt.Log.Messages, m => m.Message == string.Format(Messages.ReplayStale, string.Format(Messages.ReplayCatalogChanged, folder.Combine("catalog"))));
        Assert.Contains(rebuilt.Lines, l => l.Contains("warning CT1002: 'libpng'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_property_given_on_the_command_line_makes_the_check_run_again()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder);
        InProcessBuild.Run(project);

        var rebuilt = InProcessBuild.Run(project, globalProperties: new Dictionary<string, string?> { ["SpackMissingSeverity"] = "error" });

        Assert.True(Checked(rebuilt));
        Assert.False(rebuilt.Succeeded);
        Assert.Equal(2, rebuilt.Log.Errors.Count);
    }

    [Fact]
    public void A_deleted_report_makes_the_check_run_again()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder);
        InProcessBuild.Run(project);

        File.Delete(folder.Combine("spack-coverage", "coverage.md"));
        var rebuilt = InProcessBuild.Run(project);

        Assert.True(Checked(rebuilt));
        Assert.True(File.Exists(folder.Combine("spack-coverage", "coverage.md")));
    }

    // An environment whose specs come from an included file and from a when: on an environment variable.
    private static string WriteEnvironmentProject(TemporaryDirectory folder, string variable)
    {
        folder.Write("catalog/develop/zlib/specs.md", Page("x86_64_v3"));
        folder.Settle("catalog");
        folder.Write("spack.yaml", $$"""
            spack:
              include: [extra.yaml]
              definitions:
              - optional: []
              - optional: [libpng]
                when: env.get('{{variable}}') == 'yes'
              specs: [$base, $optional]
            """);
        folder.Write("extra.yaml", "definitions:\n- base: [zlib@1.3]\n");
        return folder.Write("app.proj", InProcessBuild.Project($"""
                <SpackCatalog>{folder.Combine("catalog")}</SpackCatalog>
                <SpackArch>linux-ubuntu24.04-x86_64_v3</SpackArch>
                <IntermediateOutputPath>obj/</IntermediateOutputPath>
            """, """
                <SpackEnvironment Include="spack.yaml" />
            """));
    }

    private static string[] Specs(InProcessBuildResult build) => build.CoverageResults.Select(r => r.EvaluatedInclude).ToArray();

    [Fact]
    public void An_edited_included_file_makes_the_check_run_again_even_with_an_old_timestamp()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteEnvironmentProject(folder, "CACHETASKS_TEST_" + Guid.NewGuid().ToString("N"));
        var first = InProcessBuild.Run(project);

        var included = folder.Write("extra.yaml", "definitions:\n- base: [zlib@1.3, libpng]\n");
        File.SetLastWriteTimeUtc(included, DateTime.UtcNow.AddDays(-1));
        var rebuilt = InProcessBuild.Run(project);

        Assert.Equal(["zlib@1.3"], Specs(first));
        Assert.True(Checked(rebuilt));
        Assert.Equal(["zlib@1.3", "libpng"], Specs(rebuilt));
    }

    [Fact]
    public void An_environment_variable_read_by_a_when_condition_makes_the_check_run_again_when_it_changes()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var variable = "CACHETASKS_TEST_" + Guid.NewGuid().ToString("N");
        var project = WriteEnvironmentProject(folder, variable);
        try
        {
            var first = InProcessBuild.Run(project);
            var replayed = InProcessBuild.Run(project);
            Environment.SetEnvironmentVariable(variable, "yes");
            var rebuilt = InProcessBuild.Run(project);

            Assert.Equal(["zlib@1.3"], Specs(first));
            Assert.False(Checked(replayed));
            Assert.True(Checked(rebuilt));
            Assert.Contains(rebuilt.Log.Messages, m => m.Message == string.Format(Messages.ReplayStale, "$" + variable));
            Assert.Equal(["zlib@1.3", "libpng"], Specs(rebuilt));
            Assert.Single(rebuilt.Lines);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Results_saved_on_a_machine_with_another_host_arch_are_checked_again_not_replayed()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, "<SpackArch>host</SpackArch>");
        InProcessBuild.Run(project);

        // What the same checkout, built on another machine of a shared volume, would have saved.
        var saved = folder.Combine("obj", "spack-coverage.cache.json");
        var text = File.ReadAllText(saved);
        var host = System.Text.RegularExpressions.Regex.Match(text, "\"hostArch\": ?\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEqual(string.Empty, host);
        File.WriteAllText(saved, text.Replace(host, "linux-otheros1-zen9"));
        var rebuilt = InProcessBuild.Run(project);

        Assert.True(Checked(rebuilt));
        Assert.All(rebuilt.CoverageResults, r => Assert.Equal(host, r.GetMetadataValue("Arch")));
    }

    [Fact]
    public void Unreadable_saved_results_are_checked_again_in_the_same_build_so_a_failing_gate_still_fails()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, "<SpackMissingSeverity>error</SpackMissingSeverity>");
        var first = InProcessBuild.Run(project);

        File.WriteAllText(folder.Combine("obj", "spack-coverage.cache.json"), "{ not json");
        var second = InProcessBuild.Run(project);

        Assert.False(first.Succeeded);
        Assert.True(Checked(second));
        Assert.False(second.Succeeded);
        Assert.Equal(first.Lines, second.Lines);
        Assert.Equal(ResultItems(first), ResultItems(second));
    }

    [Fact]
    public void A_catalog_page_with_an_upper_case_extension_is_an_input_as_the_loader_reads_it()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder);
        InProcessBuild.Run(project);

        var page = folder.Write("catalog/develop/libpng/SPECS.MD", Page("x86_64_v3").Replace("zlib", "libpng").Replace("1.3.1", "1.6.43"));
        File.SetLastWriteTimeUtc(page, DateTime.UtcNow.AddDays(-1));
        var rebuilt = InProcessBuild.Run(project);

        Assert.True(Checked(rebuilt));
        Assert.Contains(rebuilt.CoverageResults, r => r.EvaluatedInclude == "libpng" && r.GetMetadataValue("Status") == "covered");
    }
}
