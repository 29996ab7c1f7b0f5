using System.Text;
using CacheTasks.Testing;

namespace CacheTasks.Tests.EndToEnd;

/// <summary>
/// A project with the packed package checking against a token-protected HTTPS build cache
/// (<see cref="TokenBuildCache"/>) whose certificate comes from a company CA that the build trusts
/// through <c>SSL_CERT_FILE</c>, with the token in the variable SpackMirrorTokenVariable names, as a
/// CI job with the token in a secret does.
/// </summary>
[Collection(EndToEndBuilds.Name)]
public sealed class HttpsConsumerTests(PackedCacheTasks package) : IDisposable
{
    private const string Token = "consumer-cache-token-0f6a2d";
    private const string WrongToken = "consumer-wrong-token-7be1";

    private readonly TemporaryDirectory _folder = TestEnvironment.CreateTemporaryDirectory();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_consumer_build_reads_a_token_protected_https_cache_of_a_company_CA_reuses_its_cache_when_it_is_down_and_writes_the_token_nowhere()
    {
        using var authority = new TestCertificateAuthority(_folder.Path);
        using var cache = new TokenBuildCache(authority, Token, "buildcache", Encoding.UTF8.GetBytes(DagIndex.Hdf5().ToString()));
        var consumer = new PackageConsumer(package, _folder);
        var project = consumer.Write(MirrorConsumerScenario.Properties(cache.Url, """

                <SpackMirrorTokenVariable>CACHE_TOKEN</SpackMirrorTokenVariable>
            """), MirrorConsumerScenario.Items);
        Dictionary<string, string> Environment(string token) => new() { ["CACHE_TOKEN"] = token, ["SSL_CERT_FILE"] = authority.AuthorityFile };

        var first = consumer.Build(Environment(Token), consumer.Logged("first"));
        // The token is wrong now; SpackCatalogRefresh=always makes the build ask the cache.
        var refused = consumer.Build(Environment(WrongToken), ["-p:SpackCatalogRefresh=always", .. consumer.Logged("refused")]);
        cache.Cache.Stop();
        // The cache is down: an ordinary build uses the index the first one downloaded, without asking.
        var offline = consumer.Build(Environment(Token), consumer.Logged("offline"));

        MirrorConsumerScenario.AssertChecked(first, consumer, project);
        MirrorConsumerScenario.AssertChecked(offline, consumer, project);
        // The blob went through the storage host without the token.
        var blob = Assert.Single(cache.Storage.Requests);
        Assert.Null(blob.Authorization);

        Assert.NotEqual(0, refused.ExitCode);
        var ct2005 = Assert.Single(refused.DiagnosticLines("CT2005"));
        Assert.Contains($"error CT2005: Mirror {cache.Url} refused access (HTTP 401 from {cache.Url}/v3/manifests/index/index.manifest.json)", ct2005);
        Assert.Contains(string.Format(Messages.CredentialsConfigured, Messages.CredentialsOriginProperties, string.Format(Messages.CredentialsVariable, Messages.CredentialsRoleToken, "CACHE_TOKEN", Messages.CredentialsSet)), ct2005);
        // The copy cached by the first build is still checked beside the error.
        Assert.Single(refused.DiagnosticLines("CT1001"));
        MirrorConsumerScenario.AssertReport(consumer);

        consumer.AssertSecretsNowhere([first, refused, offline], "CACHE_TOKEN", Token, WrongToken);
    }
}
