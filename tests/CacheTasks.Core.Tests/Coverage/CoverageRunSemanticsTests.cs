using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Platform;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Coverage;

/// <summary>SpackMicroarchitectures, SpackOsCompatibility and the detected host through a whole run.</summary>
public sealed class CoverageRunSemanticsTests
{
    // A Graviton 3 running Amazon Linux 2, as its /proc/cpuinfo and os-release say.
    private static HostFacts Graviton3() => new(
        "linux",
        "aarch64",
        File.ReadAllText(TestEnvironment.Repository("tests", "CacheTasks.Core.Tests", "Platform", "Data", "os-release-amzn2.txt")),
        File.ReadAllText(TestEnvironment.Repository("tests", "CacheTasks.Core.Tests", "Platform", "Data", "cpuinfo-graviton3.txt")));

    private static CoverageRunOptions Options(params string[] requirements) => new()
    {
        CatalogSources = [TestEnvironment.SharedCatalog],
        Requirements = requirements.Select(r => new RequirementInput(r)).ToArray(),
        HostFacts = Graviton3(),
    };

    [Fact]
    public void The_host_is_detected_from_the_machine_facts_and_written_into_the_report()
    {
        var run = CoverageRun.Execute(Options("gcc-runtime@12.3.0"));

        Assert.Equal(new SpackArch("linux", "amzn2", "neoverse_v1"), run.Host.Arch);
        Assert.Equal("linux-amzn2-neoverse_v1", run.Report!.Host);
        Assert.Equal([run.Host.Arch], run.Report.Arches);
        // gcc-runtime has amzn2 neoverse_v1 and neoverse_n1 binaries: both run on a Graviton 3.
        var row = Assert.Single(run.Result!.Rows);
        Assert.Equal(CoverageStatus.Covered, row.Status);
        Assert.Equal(["neoverse_n1", "neoverse_v1"], row.Matches.Select(m => m.Target).Distinct().Order());
    }

    [Fact]
    public void SpackOsCompatibility_libc_reuses_an_older_distros_binary()
    {
        // py-pdm-backend has ubuntu22.04 x86_64_v3 binaries; an ubuntu24.04 machine can use them under libc.
        var arch = "linux-ubuntu24.04-x86_64_v3";
        var exact = CoverageRun.Execute(Options() with { Arches = [arch], Requirements = [new RequirementInput("py-pdm-backend", Stack: "e4s")] });
        var libc = CoverageRun.Execute(Options() with { Arches = [arch], Requirements = [new RequirementInput("py-pdm-backend", Stack: "e4s")], OsCompatibility = "libc" });

        var missing = Assert.Single(exact.Result!.Rows);
        Assert.Equal(CoverageStatus.Missing, missing.Status);
        Assert.Contains(string.Format(Messages.HintLibcWouldAccept, "2.4.3", "ubuntu22.04", "2.35", "ubuntu24.04", "2.39"), missing.Hint, StringComparison.Ordinal);
        var covered = Assert.Single(libc.Result!.Rows);
        Assert.Equal(CoverageStatus.Covered, covered.Status);
        Assert.All(covered.Matches, m => Assert.Equal("ubuntu22.04", m.Os));
    }

    [Fact]
    public void An_unknown_SpackOsCompatibility_is_CT3004()
    {
        var run = CoverageRun.Execute(Options("py-pdm-backend") with { OsCompatibility = "glibc" });

        var diagnostic = Assert.Single(run.Diagnostics, d => d.Code == DiagnosticCodes.InvalidProperty);
        Assert.Equal(string.Format(Messages.InvalidProperty, "SpackOsCompatibility", "glibc", Messages.OsCompatibilityValues), diagnostic.Message);
    }

    [Fact]
    public void SpackMicroarchitectures_replaces_the_embedded_table()
    {
        using var directory = TestEnvironment.CreateTemporaryDirectory();
        // archspec's own file with one CPU archspec does not know yet, descending from neoverse_v1.
        var json = File.ReadAllText(TestEnvironment.Shared("archspec", "microarchitectures.json"));
        json = json.Replace("\"microarchitectures\": {", "\"microarchitectures\": {\n    \"graviton9\": { \"from\": [\"neoverse_v1\"], \"vendor\": \"ARM\", \"features\": [] },", StringComparison.Ordinal);
        var path = directory.Write("microarchitectures.json", json);

        var run = CoverageRun.Execute(Options("gcc-runtime@12.3.0") with { Arches = ["linux-amzn2-graviton9"], MicroarchitecturesFile = path });
        var withoutIt = CoverageRun.Execute(Options("gcc-runtime@12.3.0") with { Arches = ["linux-amzn2-graviton9"] });

        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(CoverageStatus.Covered, Assert.Single(run.Result!.Rows).Status);
        Assert.Contains(withoutIt.Diagnostics, d => d.Code == DiagnosticCodes.UnknownArch);
    }

    [Fact]
    public void A_bad_SpackMicroarchitectures_is_CT3002_and_the_embedded_table_is_used()
    {
        using var directory = TestEnvironment.CreateTemporaryDirectory();
        var path = directory.Write("microarchitectures.json", "{ \"microarchitectures\": { ");

        var run = CoverageRun.Execute(Options("gcc-runtime@12.3.0") with { MicroarchitecturesFile = path });

        var diagnostic = Assert.Single(run.Diagnostics, d => d.Code == DiagnosticCodes.UnknownArch);
        Assert.Equal(path, diagnostic.Location!.File);
        Assert.Equal(1, diagnostic.Location.Line);
        Assert.True(diagnostic.Location.Column > 1);
        Assert.Equal("neoverse_v1", run.Host.Arch.Target);
    }
}
