using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.EndToEnd;

/// <summary>The README's first command, `dotnet build samples/Quickstart`, run as a user runs it.</summary>
[Collection(EndToEndBuilds.Name)]
public sealed class QuickstartSampleTests
{
    [Fact]
    public void Dotnet_build_of_the_quickstart_warns_for_the_missing_binaries_and_writes_the_reports()
    {
        var root = TestEnvironment.RepositoryRoot;
        var project = TestEnvironment.Repository("samples", "Quickstart", "Quickstart.csproj");
        var reports = TestEnvironment.Repository("samples", "Quickstart", "obj", "spack-coverage");
        if (Directory.Exists(reports))
        {
            Directory.Delete(reports, recursive: true);
        }

        var build = DotNet.Run(root, null, "build", "samples/Quickstart");

        Assert.True(build.ExitCode == 0, build.ToString());
        var ct1001 = Assert.Single(build.DiagnosticLines("CT1001"));
        Assert.StartsWith($"{project}(", ct1001);
        Assert.Contains("warning CT1001: 'hdf5@1.14 +mpi' has no binary for linux-ubuntu24.04-aarch64", ct1001);
        var ct1002 = Assert.Single(build.DiagnosticLines("CT1002"));
        Assert.Contains("warning CT1002: 'py-torch@2.5 +cuda': package 'py-torch' is not in the catalog", ct1002);
        Assert.Contains(string.Format(Messages.Summary, 5, 7, "71.4", Path.Combine(reports, "coverage.md")), build.Output);
        Assert.True(File.Exists(Path.Combine(reports, "coverage.json")));
        Assert.Contains($"| `hdf5@1.14 +mpi` | ✓ 1.14.5 | ✗ {Messages.CellRuledOutVariant} |", File.ReadAllText(Path.Combine(reports, "coverage.md")));
        Assert.True(File.Exists(Path.Combine(reports, "coverage.html")));
    }
}
