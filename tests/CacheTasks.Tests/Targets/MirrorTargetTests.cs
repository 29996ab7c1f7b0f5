using CacheTasks.Catalog;
using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.Targets;

/// <summary>
/// <c>&lt;SpackCatalog&gt;http://127.0.0.1:PORT/mirror&lt;/SpackCatalog&gt;</c> in a real build of the targets,
/// against a loopback test server.
/// </summary>
public sealed class MirrorTargetTests : IDisposable
{
    private const string Manifest = "v3/manifests/index/index.manifest.json";

    private readonly MirrorTestServer _server = new();
    private readonly TemporaryDirectory _folder = TestEnvironment.CreateTemporaryDirectory();

    // The index.json reader comes from issue 6; until it is merged the downloaded index reads as "no pages".
    private static bool CanReadIndexes => typeof(CatalogLoader).Assembly.GetType("CacheTasks.Catalog.MirrorIndexReader") is not null;

    public void Dispose()
    {
        _server.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void A_build_downloads_the_mirror_index_once_and_a_warm_build_asks_the_mirror_nothing()
    {
        var blob = _server.AddV3Mirror("develop", File.ReadAllBytes(TestEnvironment.Shared("catalog-index-samples", "v2_layout-unsigned-index.db-v7.json")));
        var project = WriteProject("");

        var cold = InProcessBuild.Run(project);
        var requests = _server.TotalRequests;
        var warm = InProcessBuild.Run(project);

        Assert.Equal(1, _server.Bodies(blob));
        Assert.Equal(requests, _server.TotalRequests);
        var cached = Assert.Single(Directory.EnumerateFiles(_folder.Combine("mirror-cache"), "index.json", SearchOption.AllDirectories));
        Assert.EndsWith(Path.Combine("develop", "build_cache", "index.json"), cached);
        foreach (var build in new[] { cold, warm })
        {
            Assert.DoesNotContain(build.Log.Warnings, w => w.Code == "CT2003");
            if (CanReadIndexes)
            {
                // libdwarf is in the mirror's index, for test-debian6 only: missing here (CT1001), not unknown (CT1002).
                Assert.True(build.Succeeded);
                Assert.Equal(["CT1001"], build.Log.Warnings.Select(w => w.Code));
                Assert.Equal("missing", Assert.Single(build.CoverageResults).GetMetadataValue("Status"));
            }
            else
            {
                Assert.All(build.Log.Errors, e => Assert.Equal(string.Format(Messages.CatalogSourceEmpty, _server.MirrorUrl("develop")), e.Message));
            }
        }
    }

    [Fact]
    public void A_mirror_that_stops_answering_is_CT2003_and_the_cached_copy_is_used()
    {
        _server.AddV3Mirror("develop", File.ReadAllBytes(TestEnvironment.Shared("catalog-index-samples", "v2_layout-unsigned-index.db-v7.json")));
        var project = WriteProject("<SpackCatalogMaxAge>00:00:00</SpackCatalogMaxAge><SpackCatalogTimeout>1</SpackCatalogTimeout>");
        // The first, good download may take more than a second on a loaded machine; only the hang gets one.
        InProcessBuild.Run(project, "Build", new Dictionary<string, string?> { ["SpackCatalogTimeout"] = "30" });
        _server.SetFault("/develop/" + Manifest, MirrorFault.Hang);

        var build = InProcessBuild.Run(project);

        var warning = Assert.Single(build.Log.Warnings, w => w.Code == "CT2003");
        var url = _server.MirrorUrl("develop");
        Assert.StartsWith(string.Format(Messages.MirrorNotRefreshed, url, string.Format(Messages.MirrorCauseTimeout, $"{url}/{Manifest}", "1"), "\u0001").Split('\u0001')[0], warning.Message);
        Assert.Equal(DiagnosticHelp("CT2003"), warning.HelpLink);
        Assert.DoesNotContain(build.Log.Errors, e => e.Message?.StartsWith($"Mirror {url}", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void An_invalid_mirror_property_is_CT3004()
    {
        var project = WriteProject("<SpackCatalogRefresh>sometimes</SpackCatalogRefresh>");

        var build = InProcessBuild.Run(project);

        Assert.False(build.Succeeded);
        Assert.Contains(build.Log.Errors, e => e.Code == "CT3004" && e.Message == string.Format(Messages.InvalidProperty, "SpackCatalogRefresh", "sometimes", string.Format(Messages.KnownValues, "auto, always, never")));
    }

    private static string DiagnosticHelp(string code) => Diagnostics.DiagnosticCodes.HelpLink(code);

    private string WriteProject(string properties) =>
        _folder.Write("app.proj", InProcessBuild.Project(
            $"""
                <SpackCatalog>{_server.MirrorUrl("develop")}</SpackCatalog>
                <SpackCatalogCacheDirectory>mirror-cache</SpackCatalogCacheDirectory>
                <SpackArch>linux-ubuntu24.04-x86_64_v3</SpackArch>
                {properties}
            """,
            """<SpackRequirement Include="libdwarf" />"""));
}
