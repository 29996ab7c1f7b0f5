using System.Globalization;
using CacheTasks.Diagnostics;
using CacheTasks.Mirrors;
using CacheTasks.Sources;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Mirrors;

/// <summary>
/// <c>oci://</c> build caches against a real registry (Debian's docker-registry on loopback, reached as
/// <c>oci+http://</c>): the index is the layer of the manifest tagged <c>index.spack</c>, as Spack's
/// <c>OCIIndexFetcher</c> (binary_distribution.py) reads it.
/// </summary>
public sealed class OciMirrorTests : IDisposable
{
    private readonly OciTestRegistry _registry = new();
    private readonly TemporaryDirectory _cache = TestEnvironment.CreateTemporaryDirectory();
    private DateTimeOffset _now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public void Dispose()
    {
        _registry.Dispose();
        _cache.Dispose();
    }

    [Fact]
    public void An_anonymous_registry_s_index_is_read_and_the_catalog_sees_its_specs()
    {
        var index = MirrorFixture.Sample(MirrorFixture.V8);
        var digest = _registry.PushIndex("spack/buildcache", index);

        var (path, diagnostics) = Build("spack/buildcache");

        Assert.Empty(diagnostics);
        Assert.Equal(index, File.ReadAllBytes(path!));
        var entry = EntryOf(path!);
        Assert.Equal(BuildCacheLayout.Oci, entry.Layout);
        Assert.Equal(digest, entry.Hash);

        var loaded = SourceKinds.Load([_registry.Url("spack/buildcache")], context: new SourceContext(Options()));
        Assert.DoesNotContain(loaded.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var local = SourceKinds.Load([TestEnvironment.Shared("catalog-index-samples", MirrorFixture.V8)]);
        Assert.True(loaded.Catalog.SpecCount > 0);
        Assert.Equal(local.Catalog.SpecCount, loaded.Catalog.SpecCount);
        Assert.Equal(local.Catalog.PackageNames.Order(), loaded.Catalog.PackageNames.Order());
    }

    [Fact]
    public void An_unchanged_digest_is_not_downloaded_again_and_a_new_one_is()
    {
        var index = MirrorFixture.Sample(MirrorFixture.V8);
        _registry.PushIndex("cache", index);
        var (path, _) = Build("cache");
        var fetched = EntryOf(path!);

        _now += TimeSpan.FromHours(2);
        var unchanged = Build("cache");

        Assert.Empty(unchanged.Diagnostics);
        var confirmed = EntryOf(path!);
        Assert.Equal(fetched.FetchedAt, confirmed.FetchedAt);
        Assert.Equal(_now, confirmed.CheckedAt);

        var changed = MirrorFixture.Sample(MirrorFixture.V7);
        _registry.PushIndex("cache", changed);
        _now += TimeSpan.FromHours(2);
        var downloaded = Build("cache");

        Assert.Empty(downloaded.Diagnostics);
        Assert.Equal(changed, File.ReadAllBytes(downloaded.Path!));
        Assert.Equal(_now, EntryOf(path!).FetchedAt);
    }

    [Fact]
    public void A_repository_without_index_spack_says_to_run_update_index()
    {
        _registry.PushBlob("empty", [1, 2, 3]);

        var (path, diagnostics) = Build("empty");

        Assert.Null(path);
        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.EmptyCatalogSource, error.Code);
        var url = MirrorUrl.Parse(_registry.Url("empty"))!;
        Assert.Equal(string.Format(Messages.MirrorUnavailable, url, string.Format(Messages.MirrorCauseNoOciIndex, url, OciRepository.IndexTag)), error.Message);
        Assert.Contains("spack buildcache update-index", error.Message);
    }

    [Fact]
    public void A_blob_that_does_not_match_its_digest_is_refused_and_the_cached_copy_kept()
    {
        var index = CacheIndex();
        var digest = _registry.PushIndex("cache", Changed);
        // The same length, one byte changed: only the checksum can tell.
        var tampered = (byte[])Changed.Clone();
        tampered[Changed.Length / 2] ^= 0x20;
        _registry.CorruptBlob(digest, tampered);

        AssertNextRefreshRefused(index, string.Format(Messages.MirrorCauseChecksum, Blob(digest), MirrorTestServer.Sha256(tampered), Manifest, digest));
    }

    [Fact]
    public void A_blob_the_registry_stores_truncated_is_refused_the_cached_copy_kept_and_nothing_partial_left()
    {
        var index = CacheIndex();
        var digest = _registry.PushIndex("cache", Changed);
        var half = Changed[..(Changed.Length / 2)];
        _registry.CorruptBlob(digest, half);

        AssertNextRefreshRefused(index, string.Format(CultureInfo.InvariantCulture, Messages.MirrorCauseBlobShort, Blob(digest), half.Length, Manifest, Changed.Length));
    }

    [Fact]
    public void A_blob_shorter_than_its_manifest_says_is_refused()
    {
        var index = CacheIndex();
        var digest = _registry.PushIndex("cache", Changed, Changed.Length + 100);

        AssertNextRefreshRefused(index, string.Format(CultureInfo.InvariantCulture, Messages.MirrorCauseBlobShort, Blob(digest), Changed.Length, Manifest, Changed.Length + 100));
    }

    [Fact]
    public void A_blob_longer_than_its_manifest_says_is_refused_unread()
    {
        var index = CacheIndex();
        var digest = _registry.PushIndex("cache", Changed, 1000);

        AssertNextRefreshRefused(index, string.Format(CultureInfo.InvariantCulture, Messages.MirrorCauseTooLarge, Blob(digest), Changed.Length, 1000));
    }

    [Fact]
    public void An_index_blob_announced_beyond_the_limit_is_refused_before_it_is_downloaded()
    {
        var index = CacheIndex();
        var huge = IndexBlobDownload.MaxIndexBytes + 1;
        _registry.PushIndex("cache", Changed, huge);

        AssertNextRefreshRefused(index, string.Format(CultureInfo.InvariantCulture, Messages.MirrorCauseIndexTooLarge, Manifest, huge, IndexBlobDownload.MaxIndexBytes));
    }

    [Fact]
    public void A_manifest_naming_a_blob_the_registry_no_longer_has_says_so_with_the_registry_s_status()
    {
        var index = CacheIndex();
        var digest = _registry.PushIndex("cache", Changed);
        _registry.DeleteBlob("cache", digest);

        // docker-registry answers a deleted blob with 404 BLOB_UNKNOWN.
        AssertNextRefreshRefused(index, string.Format(Messages.MirrorCauseBlobMissing, Manifest, digest, Blob(digest), "HTTP 404 Not Found"));
    }

    [Fact]
    public void A_registry_that_is_down_is_CT2003_with_the_cached_copy_and_CT2002_with_none()
    {
        var index = MirrorFixture.Sample(MirrorFixture.V8);
        _registry.PushIndex("cache", index);
        var (good, _) = Build("cache");
        _registry.Stop();

        _now += TimeSpan.FromHours(2);
        var (path, diagnostics) = Build("cache");
        var (nothing, none) = Build("other");

        Assert.Equal(good, path);
        Assert.Equal(index, File.ReadAllBytes(path!));
        var warning = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.MirrorNotRefreshed, warning.Code);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Null(nothing);
        Assert.Equal(DiagnosticCodes.EmptyCatalogSource, Assert.Single(none).Code);
    }

    [Theory]
    [InlineData("oci://ghcr.io/org/buildcache", null)]
    [InlineData("oci+http://127.0.0.1:5000/cache", null)]
    [InlineData("oci://ghcr.io", "repository")]
    [InlineData("oci://ghcr.io/", "repository")]
    public void An_oci_url_names_a_registry_and_a_repository(string source, string? problem)
    {
        var kind = Assert.IsType<OciMirrorSource>(SourceKinds.Of(source));
        Assert.Equal(problem is null ? null : Messages.OciUrlNoRepository, kind.Problem(source));
    }

    [Fact]
    public void The_repository_s_api_paths_follow_the_scheme()
    {
        var tls = new OciRepository(MirrorUrl.Parse("oci://ghcr.io/org/cache")!);
        var plain = new OciRepository(MirrorUrl.Parse("oci+http://127.0.0.1:5000/cache")!);

        Assert.Equal("https://ghcr.io/v2/org/cache/manifests/index.spack", tls.Manifest(OciRepository.IndexTag).ToString());
        Assert.Equal("http://127.0.0.1:5000/v2/cache/blobs/sha256:ab", plain.Blob("ab").ToString());
    }

    private static byte[] Changed { get; } = MirrorFixture.Sample(MirrorFixture.V7);

    private Uri Manifest => new OciRepository(MirrorUrl.Parse(_registry.Url("cache"))!).Manifest(OciRepository.IndexTag);

    private Uri Blob(string digest) => new OciRepository(MirrorUrl.Parse(_registry.Url("cache"))!).Blob(digest);

    /// <summary>Pushes an index to "cache" and builds once: the cached copy the faults below must leave alone.</summary>
    private byte[] CacheIndex()
    {
        var index = MirrorFixture.Sample(MirrorFixture.V8);
        _registry.PushIndex("cache", index);
        Assert.NotNull(Build("cache").Path);
        return index;
    }

    /// <summary>The next refresh of "cache": one CT2003 whose cause is <paramref name="cause"/>, the cached index as it was, no temporary file left.</summary>
    private void AssertNextRefreshRefused(byte[] cached, string cause)
    {
        var before = Directory.EnumerateFiles(_cache.Path, "index.json", SearchOption.AllDirectories).Single();
        _now += TimeSpan.FromHours(2);
        var (path, diagnostics) = Build("cache");

        Assert.Equal(before, path);
        Assert.Equal(cached, File.ReadAllBytes(path!));
        var warning = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.MirrorNotRefreshed, warning.Code);
        Assert.Contains(cause, warning.Message);
        Assert.Empty(Directory.EnumerateFiles(_cache.Path, "*.tmp", SearchOption.AllDirectories));
    }

    private MirrorOptions Options() => new() { CacheDirectory = _cache.Path, Refresh = MirrorRefresh.Auto, Timeout = TimeSpan.FromSeconds(30), Clock = () => _now };

    private (string? Path, List<Diagnostic> Diagnostics) Build(string repository)
    {
        _now += TimeSpan.FromSeconds(1);
        var diagnostics = new List<Diagnostic>();
        var path = MirrorFixture.Resolve(_registry.Url(repository), Options(), diagnostics);
        return (path, diagnostics);
    }

    // <cache>/mirrors/<key>/<name>/build_cache/index.json beside <cache>/mirrors/<key>/entry.json.
    private static MirrorCacheEntry EntryOf(string indexPath) =>
        MirrorCacheEntry.TryRead(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(indexPath)!)!)!, "entry.json"))!;
}
