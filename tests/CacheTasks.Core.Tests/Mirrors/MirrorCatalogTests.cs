using CacheTasks.Catalog;
using CacheTasks.Sources;
using CacheTasks.Diagnostics;
using CacheTasks.Mirrors;

namespace CacheTasks.Core.Tests.Mirrors;

/// <summary>A mirror URL in SpackCatalog, resolved by its source kind (<see cref="SourceKinds"/>) and read by the catalog loader.</summary>
public sealed class MirrorCatalogTests : IDisposable
{
    private readonly MirrorFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    /// <summary>As the check does it: URLs resolved through the mirror cache first, then loaded (through a parsed cache in <paramref name="parsedCache"/>); the diagnostics of both.</summary>
    private CatalogLoadResult Load(string[] sources, string? parsedCache = null, MirrorRefresh refresh = MirrorRefresh.Auto)
    {
        // Each load is a build, a second after the one before (as MirrorFixture.Build).
        _fixture.Now += TimeSpan.FromSeconds(1);
        var diagnostics = new List<Diagnostic>();
        var resolved = SourceKinds.Resolve(sources, new SourceContext(_fixture.Options(refresh)), diagnostics, TestContext.Current.CancellationToken);
        var loaded = CatalogLoader.Load(resolved, parsedCache is null ? CatalogLoadOptions.Default : new CatalogLoadOptions { CacheDirectory = parsedCache }, TestContext.Current.CancellationToken);
        return loaded with { Diagnostics = [.. diagnostics, .. loaded.Diagnostics] };
    }

    [Fact]
    public void A_mirror_url_is_loaded_from_its_downloaded_index_without_a_mirror_diagnostic()
    {
        var blob = _fixture.Server.AddV3Mirror("develop", MirrorFixture.Sample(MirrorFixture.V8));
        var url = _fixture.Server.MirrorUrl("develop");

        var result = Load([url]);

        Assert.Equal([url], result.Catalog.Sources);
        // Without the index.json reader (issue 6) the loader finds no page in the downloaded file; with it, no diagnostic at all.
        Assert.All(result.Diagnostics, d => Assert.Equal(string.Format(Messages.CatalogSourceEmpty, url), d.Message));
        Assert.Equal(1, _fixture.Server.Bodies(blob));
    }

    [Fact]
    public void An_unreachable_mirror_with_nothing_cached_is_CT2002_and_the_other_sources_are_still_read()
    {
        using var pages = Testing.TestEnvironment.CreateTemporaryDirectory();
        pages.Write("develop/zlib/specs.md", "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"aaaa\", \"versions\": [\"1.3\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64\", \"compiler\": \"gcc@13.3.0\"}]\n---");
        var url = _fixture.Server.MirrorUrl("gone");

        var result = Load([url, pages.Path]);

        Assert.Equal(1, result.Catalog.SpecCount);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.EmptyCatalogSource, diagnostic.Code);
        Assert.Equal(string.Format(Messages.MirrorUnavailable, url, string.Format(Messages.MirrorCauseNoIndex, url)), diagnostic.Message);
    }

    /// <summary>Needs the index.json reader (MirrorIndexReader, issue 6); skipped until that is merged.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_specs_of_a_mirror_index_are_tagged_with_the_mirror_name(bool v3)
    {
        if (typeof(CatalogLoader).Assembly.GetType("CacheTasks.Catalog.MirrorIndexReader") is null)
        {
            Assert.Skip("needs the mirror index.json reader (issue 6), which is on another branch");
        }

        var index = MirrorFixture.Sample(MirrorFixture.V7);
        if (v3)
        {
            _fixture.Server.AddV3Mirror("develop", index);
        }
        else
        {
            _fixture.Server.AddLegacyMirror("develop", index);
        }

        var result = Load([_fixture.Server.MirrorUrl("develop")]);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(2, result.Catalog.SpecCount);
        var libdwarf = Assert.Single(result.Catalog.SpecsFor("libdwarf"));
        Assert.Equal("develop", libdwarf.Tag);
        Assert.Equal("20130729", libdwarf.VersionText);
    }

    /// <summary>
    /// The parsed cache keys a mirror's index on the digest its mirror cache recorded, not on the copy's
    /// time: a copy downloaded again with the same content (a v2 mirror without index.json.hash whose
    /// server gives a new ETag when update-index rewrites the same index, or a mirror cache that was
    /// deleted) is not parsed again; the parsed cache is then not even rewritten.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_index_downloaded_again_with_the_same_digest_is_not_parsed_again(bool v2Rewritten)
    {
        using var parsed = Testing.TestEnvironment.CreateTemporaryDirectory();
        var index = MirrorFixture.Sample(MirrorFixture.V8);
        var path = "/develop/build_cache/index.json";
        if (v2Rewritten)
        {
            _fixture.Server.AddLegacyMirror("develop", index, withHashFile: false);
        }
        else
        {
            path = _fixture.Server.AddV3Mirror("develop", index);
        }

        var url = _fixture.Server.MirrorUrl("develop");
        var cold = Load([url], parsed.Path);
        var cacheFile = parsed.Combine(CatalogCache.FileName);
        var longAgo = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(cacheFile, longAgo);
        var written = File.ReadAllBytes(cacheFile);

        if (v2Rewritten)
        {
            _fixture.Server.Rewrite(path);
        }
        else
        {
            // The mirror cache was cleaned by hand; the parsed catalogs were left.
            Directory.Delete(Path.Combine(_fixture.Cache.Path, "mirrors"), recursive: true);
        }

        var warm = Load([url], parsed.Path, MirrorRefresh.Always);

        Assert.Equal(2, _fixture.Server.Bodies(path));
        Assert.Empty(warm.Diagnostics);
        Assert.Equal((cold.Catalog.PackageCount, cold.Catalog.SpecCount), (warm.Catalog.PackageCount, warm.Catalog.SpecCount));
        Assert.Equal(longAgo, File.GetLastWriteTimeUtc(cacheFile));
        Assert.Equal(written, File.ReadAllBytes(cacheFile));
    }

    [Fact]
    public void An_index_with_a_new_digest_is_parsed_again()
    {
        using var parsed = Testing.TestEnvironment.CreateTemporaryDirectory();
        _fixture.Server.AddV3Mirror("develop", MirrorFixture.Sample(MirrorFixture.V8));
        var url = _fixture.Server.MirrorUrl("develop");
        var before = Load([url], parsed.Path);

        _fixture.Server.AddV3Mirror("develop", MirrorFixture.Sample(MirrorFixture.V7));
        var after = Load([url], parsed.Path, MirrorRefresh.Always);

        Assert.NotEqual(2, before.Catalog.SpecCount);
        Assert.Equal(2, after.Catalog.SpecCount);
        Assert.Single(after.Catalog.SpecsFor("libdwarf"));
    }

    [Fact]
    public void A_cached_index_of_an_older_entry_is_known_by_its_digest_once_the_mirror_confirms_it()
    {
        _fixture.Server.AddV3Mirror("develop", MirrorFixture.Sample(MirrorFixture.V8));
        var url = _fixture.Server.MirrorUrl("develop");
        var first = Resolve(url, MirrorRefresh.Auto);
        // As an older CacheTasks wrote it: no time for the copy.
        var entryPath = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(first.Path)!)!)!, "entry.json");
        File.WriteAllBytes(entryPath, (MirrorCacheEntry.TryRead(entryPath)! with { IndexTicks = null }).ToJson());

        var older = Resolve(url, MirrorRefresh.Auto);
        var confirmed = Resolve(url, MirrorRefresh.Always);

        Assert.NotNull(first.State);
        Assert.Null(older.State);
        Assert.Equal(first.State, confirmed.State);
        Assert.Equal(first.StatedCopy, confirmed.StatedCopy);
    }

    private CatalogSourceFile Resolve(string url, MirrorRefresh refresh)
    {
        _fixture.Now += TimeSpan.FromSeconds(1);
        var diagnostics = new List<Diagnostic>();
        var resolved = SourceKinds.Resolve([url], new SourceContext(_fixture.Options(refresh)), diagnostics, TestContext.Current.CancellationToken);
        Assert.Empty(diagnostics);
        return Assert.Single(Assert.Single(resolved).Files);
    }
}
