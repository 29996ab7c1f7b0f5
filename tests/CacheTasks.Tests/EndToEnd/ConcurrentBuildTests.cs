using System.Text.Json;
using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.EndToEnd;

/// <summary>
/// Parallel CI legs (or <c>-m</c>) building the same project at the same moment, each writing the
/// same report folder and the same obj/ caches: every report file left behind is whole and is one
/// build's report, never a mix, and no build fails because of the other.
/// </summary>
[Collection(EndToEndBuilds.Name)]
public sealed class ConcurrentBuildTests
{
    private static readonly string[] Legs = ["one", "two", "three"];

    [Fact]
    public async Task Builds_of_one_project_at_once_leave_each_report_file_whole_and_from_one_build()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var requirements = string.Concat(Directory.GetDirectories(TestEnvironment.SharedCatalog, "*", SearchOption.AllDirectories)
            .Where(d => File.Exists(Path.Combine(d, "specs.md")))
            .Select(Path.GetFileName)
            .Distinct(StringComparer.Ordinal)
            .Select(name => $"<SpackRequirement Include=\"{name}\" />"));
        var project = folder.Write("app.proj", InProcessBuild.Project(
            $"""
                <SpackCatalog>{TestEnvironment.SharedCatalog}</SpackCatalog>
                <SpackArch>linux-ubuntu24.04-x86_64_v3;linux-ubuntu24.04-aarch64</SpackArch>
                <SpackCoverageReportFormats>json;md;html;sarif</SpackCoverageReportFormats>
            """,
            requirements + """<SpackRequirement Include="leg-$(Leg)" />"""));

        // Each build requires a package named after its leg, so each report says which build wrote it.
        var builds = await Task.WhenAll(Legs.Select(leg => Task.Run(
            () => DotNet.Run(folder.Path, null, "msbuild", project, "-t:SpackCoverageCheck", "-nologo", "-v:m", $"-p:Leg={leg}"),
            TestContext.Current.CancellationToken)));

        Assert.All(builds, b => Assert.True(b.ExitCode == 0, b.Output));
        Assert.All(builds, b => Assert.DoesNotContain("MSB4018", b.Output, StringComparison.Ordinal));
        Assert.All(builds, b => Assert.DoesNotContain("CT9001", b.Output, StringComparison.Ordinal));
        var reports = folder.Combine("spack-coverage");
        Assert.Empty(Directory.GetFiles(reports, ".*.tmp"));

        var json = folder.Combine("spack-coverage", "coverage.json");
        CoverageSchema.AssertValid(json);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var rows = document.RootElement.GetProperty("results").EnumerateArray().ToList();
        var summary = document.RootElement.GetProperty("summary");
        Assert.Equal(summary.GetProperty("total").GetInt32(), rows.Count);
        Assert.Equal(summary.GetProperty("covered").GetInt32(), rows.Count(r => r.GetProperty("status").GetString() == "covered"));
        Assert.Single(Legs, leg => rows.Any(r => r.GetProperty("requirement").GetString() == $"leg-{leg}"));

        foreach (var file in new[] { "coverage.md", "coverage.html", "coverage.sarif" })
        {
            var text = File.ReadAllText(Path.Combine(reports, file));
            Assert.Single(Legs, leg => text.Contains($"leg-{leg}", StringComparison.Ordinal));
        }

        using var sarif = JsonDocument.Parse(File.ReadAllText(Path.Combine(reports, "coverage.sarif")));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        Assert.EndsWith("</html>", File.ReadAllText(Path.Combine(reports, "coverage.html")).TrimEnd(), StringComparison.OrdinalIgnoreCase);
    }
}
