using CacheTasks.Run;
using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.Targets;

/// <summary>
/// A solution whose projects all check against one catalog, as a Directory.Build.props sets it up:
/// the build loads the catalog once and the other projects reuse it, each project still with its
/// own rows, reports and diagnostics (at its own project), and the parsed cache is one per catalog
/// in SpackCatalogCacheDirectory, not one per obj/.
/// </summary>
public sealed class SolutionBuildTests
{
    private const string X86 = "linux-ubuntu24.04-x86_64_v3";
    private const string Arm = "linux-ubuntu24.04-aarch64";

    private static string Page(string targets) => "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [" +
        string.Join(", ", targets.Split(',').Select((target, i) => "{\"hash\": \"" + new string((char)('a' + i), 32) + "\", \"versions\": [\"1.3.1\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"" + target + "\", \"compiler\": \"gcc@13.3.0\", \"variants\": [\"+shared\"], \"stacks\": [\"e4s\"]}")) +
        "]\n---";

    private static readonly string[] Projects = ["x86", "arm", "radiuss"];

    // Three projects that ask for other arches and stacks of the same catalog, and a traversal
    // project that builds them in one build, as dotnet build of a solution does.
    private static string WriteSolution(TemporaryDirectory folder)
    {
        folder.Write("catalog/develop/zlib/specs.md", Page("x86_64_v3"));
        folder.Write("catalog/develop/broken/specs.md", "---\ntitle: [unclosed\n---");
        folder.Settle("catalog");
        var settings = new Dictionary<string, string>
        {
            ["x86"] = $"<SpackArch>{X86}</SpackArch>",
            ["arm"] = $"<SpackArch>{Arm}</SpackArch>",
            ["radiuss"] = $"<SpackArch>{X86}</SpackArch><SpackStack>radiuss</SpackStack>",
        };
        foreach (var name in Projects)
        {
            folder.Write($"{name}/app.proj", InProcessBuild.Project($"""
                    <SpackCatalog>{folder.Combine("catalog")}</SpackCatalog>
                    <SpackCatalogCacheDirectory>{folder.Combine("user-cache")}</SpackCatalogCacheDirectory>
                    <IntermediateOutputPath>obj/</IntermediateOutputPath>
                    {settings[name]}
                """, """<SpackRequirement Include="zlib@1.3" />"""));
        }

        return folder.Write("solution.proj", """
            <Project>
              <Target Name="Build">
                <MSBuild Projects="x86/app.proj;arm/app.proj;radiuss/app.proj" Targets="Build" BuildInParallel="true" />
              </Target>
            </Project>
            """);
    }

    private static int Count(InProcessBuildResult build, string prefix) =>
        build.Log.Messages.Count(m => m.Message?.StartsWith(prefix, StringComparison.Ordinal) == true);

    private static List<string> WarningsOf(InProcessBuildResult build, TemporaryDirectory folder, string project) =>
        build.Log.Warnings.Where(w => w.ProjectFile == folder.Combine(project, "app.proj"))
            .Select(w => $"{w.Code} {Path.GetFileName(Path.GetDirectoryName(w.File))}")
            .ToList();

    [Fact]
    public void One_build_loads_the_catalog_once_and_each_project_keeps_its_own_results_and_diagnostics()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var solution = WriteSolution(folder);

        var build = InProcessBuild.Run(solution);

        Assert.True(build.Succeeded);
        Assert.Equal(1, Count(build, "CacheTasks: catalog loaded:"));
        Assert.Equal(2, Count(build, "CacheTasks: catalog reused from an earlier project of this build"));
        // CT2001 for the broken page belongs to every project that used the catalog; CT1001 only to the ones missing a binary.
        Assert.Equal(["CT2001 broken"], WarningsOf(build, folder, "x86"));
        Assert.Equal(["CT2001 broken", "CT1001 arm"], WarningsOf(build, folder, "arm"));
        Assert.Equal(["CT2001 broken", "CT1001 radiuss"], WarningsOf(build, folder, "radiuss"));
        Assert.Equal([true, false, false], Projects.Select(p => File.ReadAllText(folder.Combine(p, "spack-coverage", "coverage.json")).Contains("\"covered\": 1", StringComparison.Ordinal)));
        Assert.All(Projects, p => Assert.True(File.Exists(folder.Combine(p, "obj", "spack-coverage.cache.json"))));
    }

    [Fact]
    public void Projects_whose_requirements_come_from_one_Directory_Build_props_check_once_and_each_keeps_its_reports_and_diagnostics()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/develop/zlib/specs.md", Page("x86_64_v3"));
        var props = folder.Write("Directory.Build.props", $"""
            <Project>
              <PropertyGroup>
                <SpackCatalog>{folder.Combine("catalog")}</SpackCatalog>
                <SpackCatalogCacheDirectory>{folder.Combine("user-cache")}</SpackCatalogCacheDirectory>
                <SpackArch>{X86};{Arm}</SpackArch>
                <IntermediateOutputPath>obj/</IntermediateOutputPath>
              </PropertyGroup>
              <ItemGroup>
                <SpackRequirement Include="zlib@1.3" />
              </ItemGroup>
            </Project>
            """);
        var same = Enumerable.Range(1, 8).Select(i => $"p{i}").ToList();
        foreach (var name in same)
        {
            folder.Write($"{name}/app.proj", InProcessBuild.Project(string.Empty, string.Empty, $"""<Import Project="{props}" />"""));
        }

        // One more input of its own: a requirement the others do not have.
        folder.Write("own/app.proj", InProcessBuild.Project(string.Empty, """<SpackRequirement Include="bzip2" />""", $"""<Import Project="{props}" />"""));
        var solution = folder.Write("solution.proj", $"""
            <Project>
              <Target Name="Build">
                <MSBuild Projects="{string.Join(";", same.Append("own").Select(p => p + "/app.proj"))}" Targets="Build" BuildInParallel="true" />
              </Target>
            </Project>
            """);

        var build = InProcessBuild.Run(solution);

        Assert.True(build.Succeeded);
        var reused = build.Log.Messages.Where(m => m.Message?.StartsWith("CacheTasks: reused the check of ", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(7, reused.Count);
        var computedBy = Assert.Single(same, p => !reused.Any(m => m.ProjectFile == folder.Combine(p, "app.proj")));
        Assert.All(reused, m => Assert.Equal(string.Format(Messages.CheckReused, folder.Combine(computedBy, "app.proj"), 2), m.Message));
        Assert.DoesNotContain(reused, m => m.ProjectFile == folder.Combine("own", "app.proj"));
        foreach (var project in same)
        {
            // Its own CT1001, at the line of the props file that declares the requirement, logged for this project.
            var warning = Assert.Single(build.Log.Warnings, w => w.ProjectFile == folder.Combine(project, "app.proj"));
            Assert.Equal(("CT1001", props, 9), (warning.Code, warning.File, warning.LineNumber));
            Assert.True(File.Exists(folder.Combine(project, "spack-coverage", "coverage.md")));
            Assert.Contains("\"covered\": 1", File.ReadAllText(folder.Combine(project, "spack-coverage", "coverage.json")), StringComparison.Ordinal);
            Assert.True(File.Exists(folder.Combine(project, "obj", "spack-coverage.cache.json")));
        }

        Assert.Equal(["CT1001", "CT1002"], build.Log.Warnings.Where(w => w.ProjectFile == folder.Combine("own", "app.proj")).Select(w => w.Code).Order());
        Assert.Contains("\"total\": 4", File.ReadAllText(folder.Combine("own", "spack-coverage", "coverage.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_parsed_cache_is_one_per_catalog_in_the_cache_folder()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var solution = WriteSolution(folder);

        InProcessBuild.Run(solution);

        var cache = Path.Combine(folder.Combine("user-cache"), ParsedCatalogFolder.FolderName, ParsedCatalogFolder.Key([folder.Combine("catalog")]));
        Assert.True(File.Exists(Path.Combine(cache, "catalog.cache")));
        Assert.Single(Directory.GetDirectories(folder.Combine("user-cache", ParsedCatalogFolder.FolderName)));
        Assert.All(Projects, p => Assert.False(Directory.Exists(folder.Combine(p, "obj", "spack-catalog-cache"))));
    }

    [Fact]
    public void The_next_build_replays_and_a_catalog_edited_in_between_is_loaded_again()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var solution = WriteSolution(folder);
        InProcessBuild.Run(solution);

        var replay = InProcessBuild.Run(solution);
        folder.Write("catalog/develop/zlib/specs.md", Page("x86_64_v3,aarch64"));
        var edited = InProcessBuild.Run(solution);

        Assert.Equal(0, Count(replay, "CacheTasks: catalog"));
        Assert.Equal(["CT2001 broken", "CT1001 arm"], WarningsOf(replay, folder, "arm"));
        Assert.Equal(1, Count(edited, "CacheTasks: catalog loaded:"));
        Assert.Equal(2, Count(edited, "CacheTasks: catalog reused from an earlier project of this build"));
        Assert.Equal(["CT2001 broken"], WarningsOf(edited, folder, "arm"));
    }

    [Fact]
    public void A_no_op_build_reads_and_compares_the_catalog_snapshot_once_for_all_projects()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var solution = WriteSolution(folder);
        InProcessBuild.Run(solution);

        var replay = InProcessBuild.Run(solution);

        var snapshots = Directory.GetFiles(Path.Combine(folder.Combine("user-cache"), ParsedCatalogFolder.FolderName, ParsedCatalogFolder.Key([folder.Combine("catalog")])), "snapshot-*.bin");
        Assert.Single(snapshots);
        Assert.Equal(1, Count(replay, $"CacheTasks: compared the catalog with its snapshot {snapshots[0]}:"));
        Assert.Equal(2, Count(replay, string.Format(Messages.CatalogSnapshotJudged, snapshots[0])));
        Assert.All(Projects, p => Assert.DoesNotContain(Path.Combine("develop", "zlib"), File.ReadAllText(folder.Combine(p, "obj", "spack-coverage.cache.json")), StringComparison.Ordinal));
        Assert.Equal(["CT2001 broken", "CT1001 radiuss"], WarningsOf(replay, folder, "radiuss"));
    }

    [Fact]
    public void A_deleted_snapshot_makes_the_next_build_check_again_without_an_error()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var solution = WriteSolution(folder);
        InProcessBuild.Run(solution);
        var cache = Path.Combine(folder.Combine("user-cache"), ParsedCatalogFolder.FolderName, ParsedCatalogFolder.Key([folder.Combine("catalog")]));
        var snapshot = Assert.Single(Directory.GetFiles(cache, "snapshot-*.bin"));
        File.Delete(snapshot);

        var again = InProcessBuild.Run(solution);

        // The first project checks again and saves the same snapshot anew; the others then find it and replay.
        Assert.True(again.Succeeded);
        Assert.Equal(1, Count(again, "CacheTasks: catalog loaded:"));
        Assert.Equal(1, Count(again, string.Format(Messages.CatalogSnapshotUnreadable, snapshot)));
        Assert.Equal(2, Count(again, "CacheTasks: nothing the check reads has changed"));
        Assert.Equal(["CT2001 broken", "CT1001 arm"], WarningsOf(again, folder, "arm"));
        Assert.Single(Directory.GetFiles(cache, "snapshot-*.bin"));
    }
}
