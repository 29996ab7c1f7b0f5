using System.Text.Json;
using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.EndToEnd;

/// <summary>
/// What a consumer of a remote build cache checks in these tests, against <see cref="DagIndex.Hdf5"/>'s
/// index: hdf5 with openmpi, which the cache has for x86_64_v3, and zlib, which it has for aarch64 only.
/// </summary>
internal static class MirrorConsumerScenario
{
    public const string Arch = "linux-ubuntu24.04-x86_64_v3";

    public const string Items = """
                <SpackRequirement Include="hdf5@1.14 +mpi ^openmpi" />
                <SpackRequirement Include="zlib@1.3" />
        """;

    /// <summary>The properties every consumer of the scenario sets beside its catalog: the arch, and all four report formats.</summary>
    public static string Properties(string catalog, string more) => $"""

                <SpackCatalog>{catalog}</SpackCatalog>
                <SpackArch>{Arch}</SpackArch>
                <SpackCoverageReportFormats>json;md;html;sarif</SpackCoverageReportFormats>{more}
        """;

    /// <summary>The build passed with one CT1001 for zlib at its item's line, no catalog problem, and the reports of both rows.</summary>
    public static void AssertChecked(ProcessResult build, PackageConsumer consumer, string project)
    {
        Assert.True(build.ExitCode == 0, build.ToString());
        var zlibLine = Array.FindIndex(File.ReadAllLines(project), l => l.Contains("zlib@1.3", StringComparison.Ordinal)) + 1;
        var ct1001 = Assert.Single(build.DiagnosticLines("CT1001"));
        Assert.StartsWith($"{project}({zlibLine},", ct1001);
        Assert.Contains($"warning CT1001: 'zlib@1.3' has no binary for {Arch}", ct1001);
        foreach (var code in new[] { "CT1002", "CT2001", "CT2002", "CT2003", "CT2005" })
        {
            Assert.True(build.DiagnosticLines(code).Count == 0, build.ToString());
        }

        Assert.Contains(string.Format(Messages.Summary, 1, 2, "50.0", Path.Combine(consumer.Reports, "coverage.md")), build.Output);
        AssertReport(consumer);
    }

    /// <summary>The reports, as the last build left them: hdf5 covered by the cache's binary, zlib missing.</summary>
    public static void AssertReport(PackageConsumer consumer)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(consumer.Reports, "coverage.json")));
        var rows = json.RootElement.GetProperty("results").EnumerateArray().Select(r => $"{r.GetProperty("requirement").GetString()}: {r.GetProperty("status").GetString()}");
        Assert.Equal(["hdf5@1.14 +mpi ^openmpi: covered", "zlib@1.3: missing"], rows);
        foreach (var format in new[] { "coverage.md", "coverage.html", "coverage.sarif" })
        {
            Assert.True(File.Exists(Path.Combine(consumer.Reports, format)), format);
        }
    }
}
