using CacheTasks.Credentials;
using CacheTasks.Diagnostics;
using CacheTasks.Mirrors;
using CacheTasks.Mirrors.S3;
using CacheTasks.Sources;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Mirrors;

/// <summary>
/// <c>s3://bucket/prefix</c> mirrors against a real S3 server (s3rver on loopback): both layouts, the
/// same caching, revalidation and fallback as over HTTPS, and the credentials Spack would use.
/// </summary>
public sealed class S3MirrorTests : IDisposable
{
    private const string Bucket = "spack-binaries";

    private readonly S3TestServer _server = new();
    private readonly TemporaryDirectory _cache = TestEnvironment.CreateTemporaryDirectory();
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal) { ["AWS_EC2_METADATA_DISABLED"] = "true" };
    private DateTimeOffset _now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public S3MirrorTests()
    {
        _server.CreateBucket(Bucket);
    }

    public void Dispose()
    {
        _server.Dispose();
        _cache.Dispose();
    }

    [Fact]
    public void A_v3_mirror_is_read_anonymously_through_S3_ENDPOINT_URL_verified_and_cached_under_the_mirror_name()
    {
        var index = MirrorFixture.Sample(MirrorFixture.V8);
        _server.AddV3Mirror(Bucket, "develop", index, gzip: true);
        _environment["S3_ENDPOINT_URL"] = _server.Endpoint;

        var (path, diagnostics) = Build("develop");

        Assert.Empty(diagnostics);
        Assert.StartsWith(_cache.Path, path);
        Assert.EndsWith(Path.Combine("develop", "build_cache", "index.json"), path);
        Assert.Equal(index, File.ReadAllBytes(path!));
        Assert.Equal(BuildCacheLayout.V3, EntryOf(path!).Layout);
    }

    [Fact]
    public void A_v2_mirror_is_found_when_there_is_no_v3_manifest()
    {
        var index = MirrorFixture.Sample(MirrorFixture.V7);
        _server.AddLegacyMirror(Bucket, "old/cache", index);

        var (path, diagnostics) = Build("old/cache", new S3Settings { EndpointUrl = _server.Endpoint });

        Assert.Empty(diagnostics);
        Assert.Equal(index, File.ReadAllBytes(path!));
        Assert.EndsWith(Path.Combine("cache", "build_cache", "index.json"), path);
    }

    [Fact]
    public void The_mirror_entry_endpoint_url_comes_before_S3_ENDPOINT_URL()
    {
        _server.AddV3Mirror(Bucket, "develop", MirrorFixture.Sample(MirrorFixture.V8));
        _environment["S3_ENDPOINT_URL"] = "http://127.0.0.1:1";

        var (path, diagnostics) = Build("develop", new S3Settings { EndpointUrl = _server.Endpoint });

        Assert.Empty(diagnostics);
        Assert.NotNull(path);
    }

    [Fact]
    public void Within_max_age_the_cached_index_is_used_without_asking_the_mirror()
    {
        _server.AddV3Mirror(Bucket, "develop", MirrorFixture.Sample(MirrorFixture.V8));
        var first = Build("develop", Endpoint());
        _server.Stop();

        _now += TimeSpan.FromMinutes(59);
        var second = Build("develop", Endpoint());

        Assert.Empty(second.Diagnostics);
        Assert.Equal(first.Path, second.Path);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void After_max_age_an_unchanged_index_is_confirmed_without_downloading_it_and_a_changed_one_is_downloaded(bool v3)
    {
        var index = MirrorFixture.Sample(MirrorFixture.V8);
        AddMirror("m", index, v3);
        var (path, _) = Build("m", Endpoint());
        var fetched = EntryOf(path!);

        _now += TimeSpan.FromHours(2);
        var unchanged = Build("m", Endpoint());

        Assert.Empty(unchanged.Diagnostics);
        var confirmed = EntryOf(path!);
        Assert.Equal(fetched.FetchedAt, confirmed.FetchedAt);
        Assert.Equal(_now, confirmed.CheckedAt);

        var changed = MirrorFixture.Sample(MirrorFixture.V7);
        AddMirror("m", changed, v3);
        _now += TimeSpan.FromHours(2);
        var downloaded = Build("m", Endpoint());

        Assert.Empty(downloaded.Diagnostics);
        Assert.Equal(changed, File.ReadAllBytes(downloaded.Path!));
        Assert.Equal(_now, EntryOf(path!).FetchedAt);
    }

    [Fact]
    public void A_mirror_that_is_down_is_CT2003_with_the_cached_copy_and_CT2002_with_none()
    {
        var index = MirrorFixture.Sample(MirrorFixture.V8);
        _server.AddV3Mirror(Bucket, "develop", index);
        var (good, _) = Build("develop", Endpoint());
        _server.Stop();

        _now += TimeSpan.FromHours(2);
        var (path, diagnostics) = Build("develop", Endpoint());
        var (nothing, none) = Build("other", Endpoint());

        Assert.Equal(good, path);
        Assert.Equal(index, File.ReadAllBytes(path!));
        var warning = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.MirrorNotRefreshed, warning.Code);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.StartsWith(Prefix(Messages.MirrorNotRefreshed, Url("develop")), warning.Message);
        Assert.Null(nothing);
        var error = Assert.Single(none);
        Assert.Equal(DiagnosticCodes.EmptyCatalogSource, error.Code);
        Assert.StartsWith(Prefix(Messages.MirrorUnavailable, Url("other")), error.Message);
    }

    [Fact]
    public void A_blob_that_does_not_match_its_manifest_is_refused_and_the_cached_copy_kept()
    {
        var index = MirrorFixture.Sample(MirrorFixture.V8);
        var blob = _server.AddV3Mirror(Bucket, "develop", index);
        var (good, _) = Build("develop", Endpoint());
        var changed = MirrorFixture.Sample(MirrorFixture.V7);
        var newBlob = _server.AddV3Mirror(Bucket, "develop", changed);
        _server.Put(Bucket, newBlob, index);

        _now += TimeSpan.FromHours(2);
        var (path, diagnostics) = Build("develop", Endpoint());

        Assert.Equal(good, path);
        Assert.Equal(index, File.ReadAllBytes(path!));
        Assert.Equal(DiagnosticCodes.MirrorNotRefreshed, Assert.Single(diagnostics).Code);
        Assert.Contains(MirrorTestServer.Sha256(changed), diagnostics[0].Message);
        Assert.NotEqual(blob, newBlob);
    }

    [Fact]
    public void An_access_pair_from_variables_signs_the_requests()
    {
        _server.AddV3Mirror(Bucket, "develop", MirrorFixture.Sample(MirrorFixture.V8));
        _environment["CI_S3_ID"] = S3TestServer.AccessKeyId;
        _environment["CI_S3_SECRET"] = S3TestServer.AccessKeyId;

        var (path, diagnostics) = Build("develop", Endpoint() with { AccessKeyIdVariable = "CI_S3_ID", SecretAccessKeyVariable = "CI_S3_SECRET" });

        Assert.Empty(diagnostics);
        Assert.NotNull(path);
    }

    [Fact]
    public void Refused_credentials_are_CT2005_naming_the_variables_and_whether_they_were_set_never_the_secret()
    {
        const string secret = "wJalrXUtnFEMI-not-a-real-secret-7MDENG";
        _server.AddV3Mirror(Bucket, "develop", MirrorFixture.Sample(MirrorFixture.V8));
        var (good, _) = Build("develop", Endpoint());
        _environment["CI_S3_ID"] = "AKIAWRONGKEY";
        _environment["CI_S3_SECRET"] = secret;
        var settings = Endpoint() with { AccessKeyIdVariable = "CI_S3_ID", SecretAccessKeyVariable = "CI_S3_SECRET" };

        _now += TimeSpan.FromHours(2);
        var (path, diagnostics) = Build("develop", settings);

        Assert.Equal(good, path);
        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.MirrorAccessDenied, error.Code);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        var source = string.Format(Messages.S3CredentialsAccessPair, string.Format(Messages.S3CredentialsVariableSet, "CI_S3_ID"), string.Format(Messages.S3CredentialsVariableSet, "CI_S3_SECRET"));
        var cause = string.Format(Messages.S3Refused, $"{Url("develop")}/v3/manifests/index/index.manifest.json", 403, "InvalidAccessKeyId", source);
        Assert.Equal(string.Format(Messages.MirrorCredentialsRefused, Url("develop"), cause), error.Message);
        Assert.DoesNotContain(secret, error.Message);
        SecretScan.AssertWrittenNowhere(_cache.Path, [secret]);
    }

    [Fact]
    public void A_mirrors_yaml_entry_gives_an_s3_mirror_its_endpoint_and_access_pair()
    {
        _server.AddV3Mirror(Bucket, "develop", MirrorFixture.Sample(MirrorFixture.V8));
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var config = folder.Write("mirrors.yaml", $"""
            mirrors:
              company:
                url: {Url("develop")}
                endpoint_url: {_server.Endpoint}
                access_pair:
                  id_variable: CI_S3_ID
                  secret_variable: CI_S3_SECRET
            """);
        var read = new List<Diagnostic>();
        var credentials = new CredentialSettings { Entries = MirrorsConfigReader.Read(config, read), Environment = Lookup };
        Assert.Empty(read);

        // A wrong key id is refused by the entry's endpoint and named by the entry's variable: both came from the file.
        _environment["CI_S3_ID"] = "AKIAWRONGKEY";
        _environment["CI_S3_SECRET"] = "not-a-real-secret";
        var (refused, refusal) = Build("develop", credentials);
        Assert.Null(refused);
        Assert.Contains(refusal, d => d.Code == DiagnosticCodes.MirrorAccessDenied && d.Message.Contains("CI_S3_ID", StringComparison.Ordinal));

        _environment["CI_S3_ID"] = S3TestServer.AccessKeyId;
        var (path, diagnostics) = Build("develop", credentials);
        Assert.Empty(diagnostics);
        Assert.NotNull(path);
    }

    [Fact]
    public void A_named_profile_is_read_from_the_shared_credentials_file_and_a_missing_one_is_CT2005()
    {
        _server.AddV3Mirror(Bucket, "develop", MirrorFixture.Sample(MirrorFixture.V8));
        var credentials = _cache.Write("aws/credentials", $"[ci]\naws_access_key_id = {S3TestServer.AccessKeyId}\naws_secret_access_key = {S3TestServer.AccessKeyId}\n\n[stale]\naws_access_key_id = AKIAOLD\naws_secret_access_key = old\n");
        _environment["AWS_SHARED_CREDENTIALS_FILE"] = credentials;

        var ci = Build("develop", Endpoint() with { Profile = "ci" });
        var stale = Build("stale", Endpoint() with { Profile = "stale" });
        var missing = Build("missing", Endpoint() with { Profile = "nobody" });

        Assert.Empty(ci.Diagnostics);
        Assert.NotNull(ci.Path);
        Assert.Equal(DiagnosticCodes.MirrorAccessDenied, Assert.Single(stale.Diagnostics).Code);
        Assert.Contains(string.Format(Messages.S3CredentialsProfile, "stale"), stale.Diagnostics[0].Message);
        var error = Assert.Single(missing.Diagnostics);
        Assert.Equal(string.Format(Messages.MirrorCredentialsRefused, Url("missing"), string.Format(Messages.S3ProfileNotFound, "nobody")), error.Message);
    }

    [Fact]
    public void The_standard_chain_reads_AWS_ACCESS_KEY_ID_and_a_wrong_one_is_named_in_the_refusal()
    {
        _server.AddV3Mirror(Bucket, "develop", MirrorFixture.Sample(MirrorFixture.V8));
        _environment["AWS_ACCESS_KEY_ID"] = S3TestServer.AccessKeyId;
        _environment["AWS_SECRET_ACCESS_KEY"] = S3TestServer.AccessKeyId;
        var good = Build("develop", Endpoint());
        _environment["AWS_ACCESS_KEY_ID"] = "AKIAWRONG";
        var wrong = Build("develop2", Endpoint());

        Assert.Empty(good.Diagnostics);
        Assert.Contains(Messages.S3CredentialsEnvironment, Assert.Single(wrong.Diagnostics).Message);
    }

    [Fact]
    public void An_access_pair_with_an_unset_variable_falls_back_to_the_chain_and_says_which_variable_was_unset()
    {
        var settings = new S3Settings { AccessKeyIdVariable = "CI_S3_ID", SecretAccessKeyVariable = "CI_S3_SECRET" };
        _environment["CI_S3_ID"] = "AKIAEXAMPLE";

        var resolved = S3CredentialChain.Resolve(settings, Lookup);

        Assert.True(resolved.IsAnonymous);
        var pair = string.Format(Messages.S3CredentialsAccessPair, string.Format(Messages.S3CredentialsVariableSet, "CI_S3_ID"), string.Format(Messages.S3CredentialsVariableNotSet, "CI_S3_SECRET"));
        Assert.Equal(string.Format(Messages.S3CredentialsIncompletePair, pair, Messages.S3CredentialsAnonymous), resolved.Source);
        Assert.DoesNotContain("AKIAEXAMPLE", resolved.Source);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("minio.example.com:9000", null, "https://minio.example.com:9000")]
    [InlineData(null, "http://127.0.0.1:9000", "http://127.0.0.1:9000")]
    [InlineData("https://entry.example.com", "http://env.example.com", "https://entry.example.com")]
    public void The_endpoint_is_the_entry_s_then_S3_ENDPOINT_URL_with_https_when_it_has_no_scheme(string? entry, string? variable, string? expected)
    {
        if (variable is not null)
        {
            _environment["S3_ENDPOINT_URL"] = variable;
        }

        Assert.Equal(expected, S3MirrorTransport.Endpoint(new S3Settings { EndpointUrl = entry }, Lookup));
    }

    [Theory]
    [InlineData("s3://bucket/prefix", null)]
    [InlineData("S3://Bucket/a/b/", null)]
    [InlineData("s3://bucket:9000/prefix", "values")]
    [InlineData("s3:///prefix", "values")]
    [InlineData("s3://key:secret@bucket/prefix", "userinfo")]
    public void An_s3_url_names_a_bucket_and_a_prefix(string source, string? problem)
    {
        Assert.IsType<CacheTasks.Sources.S3MirrorSource>(CacheTasks.Sources.SourceKinds.Of(source));
        var expected = problem switch
        {
            "values" => Messages.MirrorUrlNotUrl,
            "userinfo" => Messages.MirrorUrlUserInfo,
            _ => null,
        };
        Assert.Equal(expected, MirrorUrl.Problem(source));
        if (problem is null)
        {
            var url = MirrorUrl.Parse(source)!;
            Assert.True(url.IsS3);
            Assert.Equal(source.TrimEnd('/').Replace("S3://Bucket", "s3://bucket", StringComparison.Ordinal), url.Text);
        }
    }

    private static string Url(string prefix) => S3TestServer.MirrorUrl(Bucket, prefix);

    private static string Prefix(string format, string url) => string.Format(format, url, "\u0001", "\u0001").Split('\u0001')[0];

    // <cache>/mirrors/<key>/<name>/build_cache/index.json beside <cache>/mirrors/<key>/entry.json.
    private static MirrorCacheEntry EntryOf(string indexPath) =>
        MirrorCacheEntry.TryRead(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(indexPath)!)!)!, "entry.json"))!;

    private string? Lookup(string name) => _environment.TryGetValue(name, out var value) ? value : null;

    private S3Settings Endpoint() => new() { EndpointUrl = _server.Endpoint };

    private void AddMirror(string prefix, byte[] index, bool v3)
    {
        if (v3)
        {
            _server.AddV3Mirror(Bucket, prefix, index);
        }
        else
        {
            _server.AddLegacyMirror(Bucket, prefix, index);
        }
    }

    // The run's way: no settings handed in, the mirror's entry found among the credential settings.
    private (string? Path, List<Diagnostic> Diagnostics) Build(string prefix, CredentialSettings credentials) =>
        Build(prefix, Options(), credentials);

    private (string? Path, List<Diagnostic> Diagnostics) Build(string prefix, S3Settings? settings = null) =>
        Build(prefix, Options() with { S3Settings = _ => settings ?? S3Settings.None }, CredentialSettings.None);

    private (string? Path, List<Diagnostic> Diagnostics) Build(string prefix, MirrorOptions options, CredentialSettings credentials)
    {
        _now += TimeSpan.FromSeconds(1);
        var diagnostics = new List<Diagnostic>();
        var path = MirrorFixture.Resolve(Url(prefix), new SourceContext(options) { Credentials = credentials }, diagnostics);
        return (path, diagnostics);
    }

    private MirrorOptions Options() => new()
    {
        CacheDirectory = _cache.Path,
        Timeout = TimeSpan.FromSeconds(30),
        Clock = () => _now,
        EnvironmentVariables = Lookup,
    };
}
