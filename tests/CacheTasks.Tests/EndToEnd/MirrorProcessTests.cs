using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.EndToEnd;

/// <summary>
/// Two `dotnet msbuild` processes checking against the same mirror at the same time, with one shared
/// cache folder: the cross-process lock lets one download while the other waits and uses the result.
/// </summary>
[Collection(EndToEndBuilds.Name)]
public sealed class MirrorProcessTests
{
    [Fact]
    public async Task Two_builds_in_separate_processes_download_the_mirror_index_once()
    {
        using var server = new MirrorTestServer();
        var blob = server.AddV3Mirror("develop", File.ReadAllBytes(TestEnvironment.Shared("catalog-index-samples", "v2_layout-unsigned-index.db-v7.json")));
        // Slow answers for the index, so that the two builds overlap on the lock.
        server.IndexDelay = TimeSpan.FromSeconds(1);
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var cache = folder.Combine("shared-cache");
        var projects = new[] { "one", "two" }.Select(name => folder.Write($"{name}/app.proj", InProcessBuild.Project(
            $"""
                <SpackCatalog>{server.MirrorUrl("develop")}</SpackCatalog>
                <SpackCatalogCacheDirectory>{cache}</SpackCatalogCacheDirectory>
                <SpackCatalogTimeout>20</SpackCatalogTimeout>
                <SpackArch>linux-ubuntu24.04-x86_64_v3</SpackArch>
            """,
            """<SpackRequirement Include="libdwarf" />"""))).ToList();

        var builds = await Task.WhenAll(projects.Select(project => Task.Run(() =>
            DotNet.Run(Path.GetDirectoryName(project)!, null, "msbuild", project, "-t:SpackCoverageCheck", "-nologo", "-v:m"), TestContext.Current.CancellationToken)));

        Assert.Equal(1, server.Bodies(blob));
        Assert.Equal(1, server.Requests("/develop/v3/manifests/index/index.manifest.json"));
        Assert.All(builds, b => Assert.Empty(b.DiagnosticLines("CT2003")));
        Assert.All(builds, b => Assert.DoesNotContain("MSB4018", b.Output, StringComparison.Ordinal));
        Assert.Single(Directory.EnumerateFiles(cache, "index.json", SearchOption.AllDirectories));
    }
}
