using System.Text.Json;
using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.Targets;

/// <summary>The reports a real build writes, and how they agree with the diagnostics and result items.</summary>
public sealed class ReportTargetTests
{
    private const string Page = "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"versions\": [\"1.3.1\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64_v3\", \"compiler\": \"gcc@13.3.0\", \"variants\": [\"+shared\"], \"stacks\": [\"e4s\"]}]\n---";

    private static string WriteProject(TemporaryDirectory folder, string properties = "")
    {
        folder.Write("catalog/develop/zlib/specs.md", Page);
        var defaults = $"""
                <SpackCatalog>{folder.Combine("catalog")}</SpackCatalog>
                <SpackArch>linux-ubuntu24.04-x86_64_v3;linux-ubuntu24.04-aarch64</SpackArch>
            """;
        return folder.Write("app.proj", InProcessBuild.Project(defaults + properties, """
                <SpackRequirement Include="zlib@1.3" />
                <SpackRequirement Include="zlib@1.2 +shared" />
                <SpackRequirement Include="zlb" />
            """));
    }

    [Fact]
    public void By_default_a_build_writes_json_md_and_html_and_the_json_matches_the_published_schema()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder);

        var build = InProcessBuild.Run(project);

        Assert.True(build.Succeeded);
        Assert.Equal(["coverage.html", "coverage.json", "coverage.md"], Directory.GetFiles(folder.Combine("spack-coverage")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        CoverageSchema.AssertValid(folder.Combine("spack-coverage", "coverage.json"));
    }

    [Fact]
    public void The_Hint_metadata_coverage_json_and_the_diagnostics_carry_the_same_hint()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder);

        var build = InProcessBuild.Run(project);

        using var json = JsonDocument.Parse(File.ReadAllText(folder.Combine("spack-coverage", "coverage.json")));
        var fromJson = json.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("hint").GetString() ?? string.Empty).ToList();
        var fromItems = build.CoverageResults.Select(r => r.GetMetadataValue("Hint")).ToList();
        Assert.Equal(6, fromItems.Count);
        Assert.Equal(fromJson, fromItems);
        Assert.Equal(5, fromItems.Count(h => h.Length > 0));
        var expected = build.CoverageResults
            .Where(r => r.GetMetadataValue("Status") == "missing" && r.EvaluatedInclude.StartsWith("zlib@", StringComparison.Ordinal))
            .Select(r => string.Format(Messages.MissingForArch, r.EvaluatedInclude, r.GetMetadataValue("Arch"), r.GetMetadataValue("Hint")));
        Assert.Equal(expected, build.Log.Warnings.Where(w => w.Code == "CT1001").Select(w => w.Message));
        Assert.Contains(build.Log.Warnings, w => w.Code == "CT1002" && w.Message!.Contains(string.Format(Messages.DidYouMean, "zlib"), StringComparison.Ordinal));
        Assert.Equal(string.Format(Messages.HintNotInCatalog, "zlb") + string.Format(Messages.HintDidYouMean, "zlib"), fromItems[^1]);
    }

    [Fact]
    public void SARIF_results_point_at_the_SpackRequirement_lines_of_the_project_file()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder, "<SpackCoverageReportFormats>sarif</SpackCoverageReportFormats>");

        var build = InProcessBuild.Run(project);

        using var sarif = JsonDocument.Parse(File.ReadAllText(folder.Combine("spack-coverage", "coverage.sarif")));
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        // One result per finding: a CT1001 per missing row, a CT1002 per requirement naming all its arches.
        Assert.Equal(build.CoverageResults.Count(r => r.GetMetadataValue("Status") == "missing"), results.Sum(r => r.GetProperty("properties").GetProperty("arches").GetArrayLength()));
        var lines = File.ReadAllLines(project);
        foreach (var result in results)
        {
            var requirement = result.GetProperty("properties").GetProperty("requirement").GetString()!;
            var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.Equal(new Uri(project).AbsoluteUri, location.GetProperty("artifactLocation").GetProperty("uri").GetString());
            var line = lines[location.GetProperty("region").GetProperty("startLine").GetInt32() - 1];
            Assert.Equal(requirement, line.Substring(location.GetProperty("region").GetProperty("startColumn").GetInt32() - 1, requirement.Length));
        }
    }
}
