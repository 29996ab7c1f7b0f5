using CacheTasks.FrameworkHost;
using CacheTasks.Testing;
using CacheTasks.Tests.EndToEnd;

namespace CacheTasks.Tests.Hosts;

/// <summary>
/// The packed tasks/net472 folder run on a .NET Framework runtime (Mono) by a host that loads it as
/// Visual Studio's MSBuild does, compared with the net8.0 task on the same inputs. What Mono does not
/// prove (it ignores some version mismatches that .NET Framework refuses) PackageClosureTests checks.
/// </summary>
[Collection(EndToEndBuilds.Name)]
public sealed class FrameworkHostTests(PackedCacheTasks package)
{
    private const string OutPlaceholder = "{out}";

    [Fact]
    public void The_net472_tasks_check_and_replay_on_the_NET_Framework_runtime_as_the_net8_tasks_do()
    {
        using var work = TestEnvironment.CreateTemporaryDirectory();
        var script = Scenario(work);

        var net472 = RunNet472(work, package.TasksFolder("net472"), script);
        var net8 = RunNet8(work, script);

        Assert.Equal(net8, net472.Lines);
        // Not two empty runs: every kind of finding the scenario holds is there, and the replay gave the check's rows back.
        var check = net8.Where(l => l.StartsWith("CheckSpackCoverage\t", StringComparison.Ordinal)).ToList();
        foreach (var code in new[] { "warning\tCT1001", "warning\tCT1002", "warning\tCT2001", "error\tCT3001", "message\tCacheTasks:" })
        {
            Assert.Contains(check, l => l.Contains(code, StringComparison.Ordinal));
        }

        var rows = check.Where(l => l.StartsWith("CheckSpackCoverage\tResults\t", StringComparison.Ordinal)).ToList();
        Assert.Contains(rows, r => r.StartsWith("CheckSpackCoverage\tResults\talpgen/dgga4clivlzjkxcxymaa2inajuhxpfsi\tArch=linux-ubuntu24.04-x86_64_v3\t", StringComparison.Ordinal) && r.Contains("Status=covered", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("CheckSpackCoverage\tResults\thdf5@1.14 +mpi ^openmpi\t", StringComparison.Ordinal) && r.Contains("Status=covered", StringComparison.Ordinal));
        Assert.Equal(rows.Select(r => r.Replace("CheckSpackCoverage", "ReplaySpackCoverage", StringComparison.Ordinal)), net8.Where(l => l.StartsWith("ReplaySpackCoverage\tResults\t", StringComparison.Ordinal)));
        Assert.Equal(File.ReadAllText(work.Combine("net8", "reports", "coverage.json")).Replace(work.Combine("net8"), OutPlaceholder, StringComparison.Ordinal),
            File.ReadAllText(work.Combine("net472", "reports", "coverage.json")).Replace(work.Combine("net472"), OutPlaceholder, StringComparison.Ordinal));

        // As in Visual Studio, the task came from its package folder and System.Text.Json from MSBuild's own folder.
        Assert.StartsWith(package.TasksFolder("net472"), net472.Loaded["CacheTasks"].Single().Location, StringComparison.Ordinal);
        Assert.StartsWith(package.TasksFolder("net472"), net472.Loaded["YamlDotNet"].Single().Location, StringComparison.Ordinal);
        Assert.Contains("msbuild-bin", net472.Loaded["System.Text.Json"].Single().Location, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tasks_NuGet_Versioning_loads_beside_the_one_Visual_Studios_NuGet_tasks_loaded_first()
    {
        using var work = TestEnvironment.CreateTemporaryDirectory();
        var script = Scenario(work);

        var net472 = RunNet472(work, package.TasksFolder("net472"), script, FrameworkHost.VisualStudioNuGetVersioning);

        Assert.Equal(RunNet8(work, script), net472.Lines);
        var versionings = net472.Loaded["NuGet.Versioning"].OrderBy(a => a.Version).ToList();
        Assert.Equal(2, versionings.Count);
        Assert.Equal(typeof(NuGet.Versioning.NuGetVersion).Assembly.GetName().Version, versionings[0].Version);
        Assert.StartsWith(package.TasksFolder("net472"), versionings[0].Location, StringComparison.Ordinal);
        Assert.Equal(FrameworkHost.VisualStudioNuGetVersioning, Path.GetFullPath(versionings[1].Location).Replace(Path.Combine(work.Path, "msbuild-bin"), Path.TrimEndingDirectorySeparator(FrameworkHost.BuildOutput), StringComparison.Ordinal));
    }

    [Fact]
    public void A_tasks_folder_that_lacks_a_dependency_fails_the_comparison_with_a_coded_error()
    {
        // The harness must be able to fail: without YamlDotNet (which MSBuild does not ship) the
        // task cannot read pages or environments, and says so as CT9001 rather than crashing the build.
        using var work = TestEnvironment.CreateTemporaryDirectory();
        var tasks = work.Combine("tasks-without-yaml");
        Directory.CreateDirectory(tasks);
        foreach (var file in Directory.GetFiles(package.TasksFolder("net472")).Where(f => Path.GetFileName(f) != "YamlDotNet.dll"))
        {
            File.Copy(file, Path.Combine(tasks, Path.GetFileName(file)));
        }

        var script = Scenario(work);

        var net472 = RunNet472(work, tasks, script);

        Assert.NotEqual(RunNet8(work, script), net472.Lines);
        Assert.Contains(net472.Lines, l => l.StartsWith("CheckSpackCoverage\terror\tCT9001\t", StringComparison.Ordinal) && l.Contains("YamlDotNet", StringComparison.Ordinal));
        Assert.Contains("CheckSpackCoverage\treturned\tFalse", net472.Lines);
    }

    /// <summary>
    /// A catalog (the shared pages, a page that cannot be read, a mirror index with dependency graphs),
    /// a spack.yaml with a spack.lock, and requirements that cover each kind of finding; the same
    /// inputs for both runs, the outputs under {out}.
    /// </summary>
    private static TaskScript Scenario(TemporaryDirectory work)
    {
        var extra = work.Combine("in", "catalog");
        work.Write("in/catalog/develop/broken/specs.md", "---\ntitle: \"broken\"\nspec_details: [\n");
        work.Write("in/catalog/mirror/build_cache/index.json", DagIndex.Hdf5().ToString());
        var environment = work.Write("in/spack.yaml", "spack:\n  specs:\n  - alpgen\n  - ampt\n");
        work.Write("in/spack.lock", """
            {"roots": [
              {"hash": "dgga4clivlzjkxcxymaa2inajuhxpfsi", "spec": "alpgen"},
              {"hash": "notinthecatalogxxxxxxxxxxxxxxxxx", "spec": "ampt"}
            ]}
            """);
        var project = work.Write("in/app.proj", "<Project />");
        // Inputs written a moment ago are inside the racy window, so a replay right after the check
        // would re-check; a user's catalog and project files are older than that.
        work.Settle("in");
        var results = $"{OutPlaceholder}/obj/spack-coverage.cache.json";
        var check = new TaskStep("CheckSpackCoverage")
            .Set("ProjectFile", project)
            .Set("Catalog", $"{TestEnvironment.SharedCatalog};{extra}")
            .Set("Arches", "linux-ubuntu24.04-x86_64_v3;linux-ubuntu24.04-aarch64")
            .Set("ReportDirectory", $"{OutPlaceholder}/reports")
            .Set("ReportFormats", "json;md;html;sarif")
            .Set("MirrorCacheDirectory", $"{OutPlaceholder}/cache")
            .Set("UseLockFile", "true")
            .Set("OsCompatibility", "libc")
            .Set("ResultsFile", results)
            .Item("Environments", environment)
            .Item("Requirements", "hdf5@1.14 +mpi ^openmpi")
            .Item("Requirements", "py-pdm-backend@2.4:")
            .Item("Requirements", "alpgen", new Dictionary<string, string> { ["Version"] = "[2.0,3.0)" })
            .Item("Requirements", "no-such-package")
            .Item("Requirements", "zlib@");
        var replay = new TaskStep("ReplaySpackCoverage")
            .Set("ProjectFile", project)
            .Set("ResultsFile", results);
        var script = new TaskScript { ProjectFile = project };
        script.Steps.Add(check);
        script.Steps.Add(replay);
        return script;
    }

    private static List<string> RunNet8(TemporaryDirectory work, TaskScript script)
    {
        var records = TaskRunner.Run(typeof(CheckSpackCoverage).Assembly, ForOutput(script, work.Combine("net8")));
        return records.Select(l => l.Replace(work.Combine("net8"), OutPlaceholder, StringComparison.Ordinal)).ToList();
    }

    private static HostRun RunNet472(TemporaryDirectory work, string tasksFolder, TaskScript script, params string[] preload)
    {
        var (process, records) = FrameworkHost.Run(work, Path.Combine(tasksFolder, "CacheTasks.dll"), ForOutput(script, work.Combine("net472")), preload);
        Assert.True(process.ExitCode == 0, process.ToString());
        var lines = records.Where(r => r[0] != "loaded").Select(RecordText.Join).Select(l => l.Replace(work.Combine("net472"), OutPlaceholder, StringComparison.Ordinal)).ToList();
        var loaded = records.Where(r => r[0] == "loaded").ToLookup(r => r[1], r => (Version: Version.Parse(r[2]), Location: r[3]));
        return new HostRun(lines, loaded);
    }

    // The same script with {out} made the side's own output folder.
    private static TaskScript ForOutput(TaskScript script, string output)
    {
        var copy = new TaskScript { ProjectFile = script.ProjectFile };
        foreach (var step in script.Steps)
        {
            var own = new TaskStep(step.TaskName);
            foreach (var parameter in step.Parameters)
            {
                own.Set(parameter.Key, parameter.Value.Replace(OutPlaceholder, output, StringComparison.Ordinal));
            }

            foreach (var list in step.Items)
            {
                foreach (var item in list.Value)
                {
                    own.Item(list.Key, item.Key, item.Value);
                }
            }

            copy.Steps.Add(own);
        }

        return copy;
    }

    private sealed record HostRun(List<string> Lines, ILookup<string, (Version Version, string Location)> Loaded);
}
