using CacheTasks.Diagnostics;
using CacheTasks.Mirrors;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Mirrors;

/// <summary>Mirror URLs against a real HTTP server on loopback: layouts, caching, revalidation, faults.</summary>
public sealed class MirrorFetcherTests : IDisposable
{
    private const string Manifest = "v3/manifests/index/index.manifest.json";

    private readonly MirrorFixture _fixture = new();

    private MirrorTestServer Server => _fixture.Server;

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_v3_mirror_index_is_downloaded_verified_and_cached_under_the_mirror_name()
    {
        var index = MirrorFixture.Sample(MirrorFixture.V8);
        var blob = Server.AddV3Mirror("develop", index);

        var (path, diagnostics) = _fixture.Build(Server.MirrorUrl("develop"));

        Assert.Empty(diagnostics);
        Assert.NotNull(path);
        Assert.StartsWith(_fixture.Cache.Path, path);
        Assert.EndsWith(Path.Combine("develop", "build_cache", "index.json"), path);
        Assert.Equal(index, File.ReadAllBytes(path));
        Assert.Equal(1, Server.Bodies(blob));
        Assert.Empty(_fixture.Temporaries);
    }

    [Fact]
    public void A_v2_mirror_is_found_when_there_is_no_v3_manifest()
    {
        var index = MirrorFixture.Sample(MirrorFixture.V7);
        Server.AddLegacyMirror("v2mirror", index);

        var (path, diagnostics) = _fixture.Build(Server.MirrorUrl("v2mirror"));

        Assert.Empty(diagnostics);
        Assert.Equal(index, File.ReadAllBytes(path!));
        Assert.EndsWith(Path.Combine("v2mirror", "build_cache", "index.json"), path);
        Assert.Equal(1, Server.Requests($"/v2mirror/{Manifest}"));
        Assert.Equal(1, Server.Bodies("/v2mirror/build_cache/index.json"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_warm_build_within_max_age_asks_the_mirror_nothing(bool v3)
    {
        AddMirror("m", MirrorFixture.Sample(MirrorFixture.V8), v3);
        var first = _fixture.Build(Server.MirrorUrl("m"));
        var requests = Server.TotalRequests;

        _fixture.Now += TimeSpan.FromMinutes(59);
        var second = _fixture.Build(Server.MirrorUrl("m"));

        Assert.Empty(second.Diagnostics);
        Assert.Equal(first.Path, second.Path);
        Assert.Equal(requests, Server.TotalRequests);
    }

    [Fact]
    public void After_max_age_a_v3_mirror_is_revalidated_by_etag_and_nothing_is_downloaded_again()
    {
        var blob = Server.AddV3Mirror("m", MirrorFixture.Sample(MirrorFixture.V8));
        _fixture.Build(Server.MirrorUrl("m"));

        _fixture.Now += TimeSpan.FromHours(2);
        var (path, diagnostics) = _fixture.Build(Server.MirrorUrl("m"));

        Assert.Empty(diagnostics);
        Assert.NotNull(path);
        Assert.Equal(2, Server.Requests($"/m/{Manifest}"));
        Assert.Equal(1, Server.Bodies($"/m/{Manifest}"));
        Assert.Equal(1, Server.Requests(blob));
    }

    [Fact]
    public void After_max_age_a_v2_mirror_is_revalidated_with_its_hash_file_only()
    {
        Server.AddLegacyMirror("m", MirrorFixture.Sample(MirrorFixture.V7));
        _fixture.Build(Server.MirrorUrl("m"));

        _fixture.Now += TimeSpan.FromHours(2);
        var (_, diagnostics) = _fixture.Build(Server.MirrorUrl("m"));

        Assert.Empty(diagnostics);
        Assert.Equal(2, Server.Requests("/m/build_cache/index.json.hash"));
        Assert.Equal(1, Server.Requests("/m/build_cache/index.json"));
        // A mirror known to be v2 is not asked for a v3 manifest again.
        Assert.Equal(1, Server.Requests($"/m/{Manifest}"));
    }

    [Fact]
    public void A_v2_mirror_without_a_hash_file_is_revalidated_by_etag()
    {
        Server.AddLegacyMirror("m", MirrorFixture.Sample(MirrorFixture.V7), withHashFile: false);
        _fixture.Build(Server.MirrorUrl("m"));

        var (_, diagnostics) = _fixture.Build(Server.MirrorUrl("m"), _fixture.Options(MirrorRefresh.Always));

        Assert.Empty(diagnostics);
        Assert.Equal(2, Server.Requests("/m/build_cache/index.json"));
        Assert.Equal(1, Server.Bodies("/m/build_cache/index.json"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_changed_index_is_downloaded_on_the_next_revalidation(bool v3)
    {
        AddMirror("m", MirrorFixture.Sample(MirrorFixture.V7), v3);
        _fixture.Build(Server.MirrorUrl("m"));
        var changed = MirrorFixture.Sample(MirrorFixture.V8);
        AddMirror("m", changed, v3);

        var (path, diagnostics) = _fixture.Build(Server.MirrorUrl("m"), _fixture.Options(MirrorRefresh.Always));

        Assert.Empty(diagnostics);
        Assert.Equal(changed, File.ReadAllBytes(path!));
    }

    [Fact]
    public void Refresh_always_asks_every_build_and_downloads_only_what_changed()
    {
        var blob = Server.AddV3Mirror("m", MirrorFixture.Sample(MirrorFixture.V8));
        var always = _fixture.Options(MirrorRefresh.Always);

        for (var build = 0; build < 3; build++)
        {
            Assert.Empty(_fixture.Build(Server.MirrorUrl("m"), always).Diagnostics);
        }

        Assert.Equal(3, Server.Requests($"/m/{Manifest}"));
        Assert.Equal(1, Server.Bodies($"/m/{Manifest}"));
        Assert.Equal(1, Server.Requests(blob));
    }

    [Fact]
    public void Refresh_never_uses_the_cached_copy_without_touching_the_network()
    {
        Server.AddV3Mirror("m", MirrorFixture.Sample(MirrorFixture.V8));
        var first = _fixture.Build(Server.MirrorUrl("m"));
        var requests = Server.TotalRequests;

        _fixture.Now += TimeSpan.FromDays(30);
        var offline = _fixture.Build(Server.MirrorUrl("m"), _fixture.Options(MirrorRefresh.Never));

        Assert.Empty(offline.Diagnostics);
        Assert.Equal(first.Path, offline.Path);
        Assert.Equal(requests, Server.TotalRequests);
    }

    [Fact]
    public void Refresh_never_with_nothing_cached_is_CT2002()
    {
        var url = Server.MirrorUrl("m");
        var (path, diagnostics) = _fixture.Build(url, _fixture.Options(MirrorRefresh.Never));

        Assert.Null(path);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.EmptyCatalogSource, diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var folder = new MirrorCache(_fixture.Cache.Path, MirrorUrl.Parse(url)!).Folder;
        Assert.Equal(string.Format(Messages.MirrorOfflineNoCache, url, folder), diagnostic.Message);
        Assert.Equal(0, Server.TotalRequests);
    }

    [Theory]
    [InlineData(MirrorFault.ServerError, true)]
    [InlineData(MirrorFault.Hang, true)]
    [InlineData(MirrorFault.Truncated, false)]
    [InlineData(MirrorFault.ServerError, false)]
    [InlineData(MirrorFault.Hang, false)]
    public void A_fault_after_a_good_download_is_CT2003_and_the_cached_copy_is_used(MirrorFault fault, bool onManifest)
    {
        var index = MirrorFixture.Sample(MirrorFixture.V7);
        Server.AddV3Mirror("m", index);
        var good = _fixture.Build(Server.MirrorUrl("m")).Path!;
        var changed = Server.AddV3Mirror("m", MirrorFixture.Sample(MirrorFixture.V8));
        var faulty = onManifest ? $"/m/{Manifest}" : changed;
        Server.SetFault(faulty, fault);

        _fixture.Now += TimeSpan.FromHours(3);
        var (path, diagnostics) = _fixture.Build(Server.MirrorUrl("m"), TimeoutFor(fault));

        Assert.Equal(good, path);
        Assert.Equal(index, File.ReadAllBytes(path!));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.MirrorNotRefreshed, diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        var faultyUrl = Server.BaseUrl + faulty;
        var cause = fault switch
        {
            MirrorFault.ServerError => string.Format(Messages.MirrorCauseHttpStatus, faultyUrl, 500, "Internal Server Error"),
            MirrorFault.Hang => string.Format(Messages.MirrorCauseTimeout, faultyUrl, "1"),
            _ => null,
        };
        var age = MirrorAge.Format(TimeSpan.FromHours(3) + TimeSpan.FromSeconds(1));
        if (cause is null)
        {
            // A cut connection surfaces as the network error .NET reports, or as a short body; both start with the URL.
            var expected = string.Format(Messages.MirrorNotRefreshed, Server.MirrorUrl("m"), "\u0001", age).Split('\u0001');
            Assert.StartsWith(expected[0] + faultyUrl, diagnostic.Message);
            Assert.EndsWith(expected[1], diagnostic.Message);
        }
        else
        {
            Assert.Equal(string.Format(Messages.MirrorNotRefreshed, Server.MirrorUrl("m"), cause, age), diagnostic.Message);
        }

        Assert.Empty(_fixture.Temporaries);
    }

    [Fact]
    public void A_blob_that_does_not_match_its_checksum_is_never_used()
    {
        var index = MirrorFixture.Sample(MirrorFixture.V7);
        Server.AddV3Mirror("m", index);
        var good = _fixture.Build(Server.MirrorUrl("m")).Path!;
        var blob = Server.AddV3Mirror("m", MirrorFixture.Sample(MirrorFixture.V8));
        var tampered = MirrorFixture.Sample(MirrorFixture.V6);
        Server.SetFile(blob, tampered);

        var (path, diagnostics) = _fixture.Build(Server.MirrorUrl("m"), _fixture.Options(MirrorRefresh.Always));

        Assert.Equal(good, path);
        Assert.Equal(index, File.ReadAllBytes(path!));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.MirrorNotRefreshed, diagnostic.Code);
        var checksum = blob.Split('/')[^1];
        var cause = string.Format(Messages.MirrorCauseChecksum, Server.BaseUrl + blob, MirrorTestServer.Sha256(tampered), $"{Server.MirrorUrl("m")}/{Manifest}", checksum);
        Assert.Equal(string.Format(Messages.MirrorNotRefreshed, Server.MirrorUrl("m"), cause, MirrorAge.Format(TimeSpan.FromSeconds(1))), diagnostic.Message);
    }

    [Fact]
    public void A_v2_index_that_disagrees_with_its_hash_file_is_never_used()
    {
        var index = MirrorFixture.Sample(MirrorFixture.V7);
        Server.SetFile("/m/build_cache/index.json", index);
        Server.SetFile("/m/build_cache/index.json.hash", System.Text.Encoding.ASCII.GetBytes(new string('0', 64)));

        var (path, diagnostics) = _fixture.Build(Server.MirrorUrl("m"));

        Assert.Null(path);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.EmptyCatalogSource, diagnostic.Code);
        var cause = string.Format(Messages.MirrorCauseChecksum, $"{Server.MirrorUrl("m")}/build_cache/index.json", MirrorTestServer.Sha256(index), $"{Server.MirrorUrl("m")}/build_cache/index.json.hash", new string('0', 64));
        Assert.Equal(string.Format(Messages.MirrorUnavailable, Server.MirrorUrl("m"), cause), diagnostic.Message);
        Assert.False(Directory.Exists(_fixture.Cache.Combine("mirrors")) && Directory.EnumerateFiles(_fixture.Cache.Combine("mirrors"), "index.json", SearchOption.AllDirectories).Any());
    }

    [Theory]
    [InlineData(MirrorFault.ServerError)]
    [InlineData(MirrorFault.Hang)]
    [InlineData(MirrorFault.Truncated)]
    public void A_fault_with_nothing_cached_is_CT2002_and_leaves_no_partial_file(MirrorFault fault)
    {
        var blob = Server.AddV3Mirror("m", MirrorFixture.Sample(MirrorFixture.V8));
        Server.SetFault(fault == MirrorFault.ServerError ? $"/m/{Manifest}" : blob, fault);

        var (path, diagnostics) = _fixture.Build(Server.MirrorUrl("m"), TimeoutFor(fault));

        Assert.Null(path);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.EmptyCatalogSource, diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.StartsWith($"Mirror {Server.MirrorUrl("m")} could not be downloaded (", diagnostic.Message);
        Assert.Empty(Directory.EnumerateFiles(_fixture.Cache.Path, "index.json", SearchOption.AllDirectories));
        Assert.Empty(_fixture.Temporaries);
    }

    [Fact]
    public void Temporary_files_a_killed_build_left_behind_are_removed_by_the_next_refresh()
    {
        Server.AddV3Mirror("m", MirrorFixture.Sample(MirrorFixture.V8));
        var cache = new MirrorCache(_fixture.Cache.Path, MirrorUrl.Parse(Server.MirrorUrl("m"))!);
        Directory.CreateDirectory(cache.Folder);
        File.WriteAllText(Path.Combine(cache.Folder, ".0123456789abcdef.tmp"), "half an index");

        var (path, diagnostics) = _fixture.Build(Server.MirrorUrl("m"));

        Assert.Empty(diagnostics);
        Assert.NotNull(path);
        Assert.Empty(_fixture.Temporaries);
    }

    [Fact]
    public void A_mirror_without_any_index_is_CT2002_naming_both_layouts()
    {
        var (path, diagnostics) = _fixture.Build(Server.MirrorUrl("empty"));

        Assert.Null(path);
        Assert.Equal(
            string.Format(Messages.MirrorUnavailable, Server.MirrorUrl("empty"), string.Format(Messages.MirrorCauseNoIndex, Server.MirrorUrl("empty"))),
            Assert.Single(diagnostics).Message);
    }

    [Fact]
    public void Gzip_blobs_and_clear_signed_manifests_are_read()
    {
        var index = MirrorFixture.Sample(MirrorFixture.V8);
        Server.AddV3Mirror("m", index, gzip: true, clearSigned: true);

        var (path, diagnostics) = _fixture.Build(Server.MirrorUrl("m"));

        Assert.Empty(diagnostics);
        Assert.Equal(index, File.ReadAllBytes(path!));
    }

    [Fact]
    public async Task Parallel_builds_of_one_mirror_download_it_once()
    {
        var blob = Server.AddV3Mirror("m", MirrorFixture.Sample(MirrorFixture.V8));
        Server.IndexDelay = TimeSpan.FromMilliseconds(300);
        var options = _fixture.Options(timeoutSeconds: 10);

        var results = Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() =>
            {
                var diagnostics = new List<Diagnostic>();
                return (Path: MirrorFixture.Resolve(Server.MirrorUrl("m"), options, diagnostics), Diagnostics: diagnostics);
            }, TestContext.Current.CancellationToken))
            .ToArray();
        var done = await Task.WhenAll(results);

        Assert.All(done, r => Assert.Empty(r.Diagnostics));
        Assert.Single(done.Select(r => r.Path).Distinct());
        Assert.Equal(1, Server.Bodies(blob));
        Assert.Equal(1, Server.Requests($"/m/{Manifest}"));
    }

    [Fact]
    public async Task A_build_waits_for_the_lock_and_uses_the_index_the_holder_downloaded()
    {
        Server.AddV3Mirror("m", MirrorFixture.Sample(MirrorFixture.V8));
        var url = Server.MirrorUrl("m");
        // The holder's download, made into another cache folder, is moved into place while it holds the lock.
        using var holderCache = TestEnvironment.CreateTemporaryDirectory();
        var options = _fixture.Options(timeoutSeconds: 10);
        Assert.NotNull(MirrorFixture.Resolve(url, options with { CacheDirectory = holderCache.Path }, []));
        var requests = Server.TotalRequests;
        var cache = new MirrorCache(_fixture.Cache.Path, MirrorUrl.Parse(url)!);
        Directory.CreateDirectory(cache.Folder);
        var held = new FileStream(cache.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var waiter = Task.Run(() => MirrorFixture.Resolve(url, options, []), TestContext.Current.CancellationToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.False(waiter.IsCompleted);
        var holderFolder = new MirrorCache(holderCache.Path, MirrorUrl.Parse(url)!).Folder;
        foreach (var file in Directory.EnumerateFiles(holderFolder, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)))
        {
            var target = Path.Combine(cache.Folder, Path.GetRelativePath(holderFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        held.Dispose();
        var path = await waiter;

        Assert.Equal(cache.IndexPath, path);
        Assert.Equal(requests, Server.TotalRequests);
    }

    [Fact]
    public void A_cache_folder_that_cannot_be_created_is_CT2002_naming_it()
    {
        Server.AddV3Mirror("m", MirrorFixture.Sample(MirrorFixture.V8));
        var blocked = _fixture.Cache.Write("blocked", "a file where the cache folder should be");

        var (path, diagnostics) = _fixture.Build(Server.MirrorUrl("m"), _fixture.Options() with { CacheDirectory = blocked });

        Assert.Null(path);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.EmptyCatalogSource, diagnostic.Code);
        var folder = new MirrorCache(blocked, MirrorUrl.Parse(Server.MirrorUrl("m"))!).Folder;
        Assert.StartsWith(string.Format(Messages.MirrorUnavailable, Server.MirrorUrl("m"), string.Format(Messages.MirrorCauseCache, folder, "\u0001")).Split('\u0001')[0], diagnostic.Message);
    }

    [Fact]
    public void Two_spellings_of_one_mirror_share_its_cache_entry()
    {
        Server.AddV3Mirror("m", MirrorFixture.Sample(MirrorFixture.V8));
        var first = _fixture.Build(Server.MirrorUrl("m") + "/");
        var requests = Server.TotalRequests;

        var second = _fixture.Build(Server.MirrorUrl("m").Replace("http://", "HTTP://", StringComparison.Ordinal));

        Assert.Equal(first.Path, second.Path);
        Assert.Equal(requests, Server.TotalRequests);
    }

    [Fact]
    public void A_file_url_v2_mirror_is_read_in_place()
    {
        using var mirror = TestEnvironment.CreateTemporaryDirectory();
        var index = mirror.Write("build_cache/index.json", "{}");

        var (path, diagnostics) = _fixture.Build(new Uri(mirror.Path).AbsoluteUri);

        Assert.Empty(diagnostics);
        Assert.Equal(index, path);
        Assert.False(Directory.Exists(_fixture.Cache.Combine("mirrors")));
    }

    [Fact]
    public void A_file_url_v3_mirror_is_verified_and_copied_into_the_cache()
    {
        using var mirror = TestEnvironment.CreateTemporaryDirectory();
        var index = MirrorFixture.Sample(MirrorFixture.V8);
        var checksum = MirrorTestServer.Sha256(index);
        var blob = mirror.Combine("blobs", "sha256", checksum.Substring(0, 2), checksum);
        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        File.WriteAllBytes(blob, index);
        mirror.Write(Manifest, $$"""{"version":3,"data":[{"contentLength":{{index.Length}},"mediaType":"application/vnd.spack.db.v8+json","compression":"none","checksumAlgorithm":"sha256","checksum":"{{checksum}}"}]}""");

        var (path, diagnostics) = _fixture.Build(new Uri(mirror.Path).AbsoluteUri);

        Assert.Empty(diagnostics);
        Assert.StartsWith(_fixture.Cache.Path, path);
        Assert.Equal(index, File.ReadAllBytes(path!));

        // The mirror now names another index, whose blob is not what the manifest says.
        var other = MirrorTestServer.Sha256(MirrorFixture.Sample(MirrorFixture.V7));
        mirror.Write($"blobs/sha256/{other.Substring(0, 2)}/{other}", "tampered");
        mirror.Write(Manifest, $$"""{"version":3,"data":[{"contentLength":8,"mediaType":"application/vnd.spack.db.v8+json","compression":"none","checksumAlgorithm":"sha256","checksum":"{{other}}"}]}""");
        var tampered = _fixture.Build(new Uri(mirror.Path).AbsoluteUri);
        Assert.Equal(DiagnosticCodes.MirrorNotRefreshed, Assert.Single(tampered.Diagnostics).Code);
        Assert.Equal(index, File.ReadAllBytes(tampered.Path!));
    }

    private void AddMirror(string name, byte[] index, bool v3)
    {
        if (v3)
        {
            Server.AddV3Mirror(name, index);
        }
        else
        {
            Server.AddLegacyMirror(name, index);
        }
    }

    // A hanging server is given one second; every other request the fixture's generous default.
    private MirrorOptions TimeoutFor(MirrorFault fault) => fault == MirrorFault.Hang ? _fixture.Options(timeoutSeconds: 1) : _fixture.Options();
}
