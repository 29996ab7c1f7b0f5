using System.Text;
using CacheTasks.Testing;

namespace CacheTasks.Cli.Tests.EndToEnd;

/// <summary>
/// The installed tool against a token-protected HTTPS build cache, as a company runs one: TLS with a
/// certificate from the company's own CA (trusted through <c>SSL_CERT_FILE</c>, which .NET on Linux
/// reads as OpenSSL does), a bearer token from the variable a mirrors.yaml's
/// <c>access_token_variable</c> or <c>--mirror-token-variable</c> names, and the index blob served by a
/// storage host the cache redirects to (as S3-backed caches do), which must not be sent the token.
/// </summary>
public sealed partial class InstalledToolTests
{
    private const string CacheToken = "https-cache-token-7d41c09e";
    private const string WrongCacheToken = "https-wrong-token-50aa";

    [Fact]
    public void Check_reads_a_token_protected_https_cache_through_a_redirect_without_sending_the_token_there_and_a_wrong_token_is_CT2005()
    {
        Assert.True(tool.Install.ExitCode == 0, tool.Install.ToString());
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        using var authority = new TestCertificateAuthority(folder.Path);
        using var cache = new TokenBuildCache(authority, CacheToken, "buildcache", Encoding.UTF8.GetBytes(DagIndex.Hdf5().ToString()));
        var url = cache.Url;
        var mirrors = folder.Write("mirrors.yaml", $"""
            mirrors:
              company:
                url: {url}
                access_token_variable: COMPANY_CACHE_TOKEN
            """);
        var trusted = new Dictionary<string, string> { ["SSL_CERT_FILE"] = authority.AuthorityFile, ["COMPANY_CACHE_TOKEN"] = CacheToken };
        string[] check = ["check", "--catalog", url, "--arch", X86, "--report-dir", folder.Combine("reports")];

        var covered = Run(trusted, [.. check, "--catalog-cache-dir", folder.Combine("cache"), "--mirrors-config", mirrors, "hdf5@1.14 +mpi ^openmpi"]);
        var untrusted = Run(new() { ["COMPANY_CACHE_TOKEN"] = CacheToken }, [.. check, "--catalog-cache-dir", folder.Combine("untrusted"), "--mirrors-config", mirrors, "hdf5@1.14 +mpi ^openmpi"]);
        var refused = Run(new(trusted) { ["SPACK_CACHE_TOKEN"] = WrongCacheToken }, [.. check, "--catalog-cache-dir", folder.Combine("cache"), "--catalog-refresh", "always", "--mirror-token-variable", "SPACK_CACHE_TOKEN", "hdf5@1.14 +mpi ^openmpi"]);

        Assert.True(covered.ExitCode == 0, covered.ToString());
        Assert.Empty(covered.Error);
        Assert.Equal(string.Format(Messages.Summary, 1, 1, "100.0", Path.Combine(folder.Combine("reports"), "coverage.md")), covered.OutputLines[^1]);
        // The storage host the blob was redirected to was not sent the token; the cache was, on each request.
        var blobRequest = Assert.Single(cache.Storage.Requests);
        Assert.Equal(("localhost", cache.BlobPath, (string?)null), (blobRequest.Host, blobRequest.Path, blobRequest.Authorization));
        Assert.All(cache.Cache.Requests.Take(2), r => Assert.Equal("Bearer " + CacheToken, r.Authorization));

        // Without the CA the certificate is refused: TLS is checked, not waved through.
        Assert.True(untrusted.ExitCode == 2, untrusted.ToString());
        var ct2002 = Assert.Single(untrusted.ErrorLines, l => l.Contains("CT2002", StringComparison.Ordinal));
        Assert.Contains("certificate", ct2002, StringComparison.OrdinalIgnoreCase);

        Assert.True(refused.ExitCode == 2, refused.ToString());
        var ct2005 = Assert.Single(refused.ErrorLines, l => l.Contains("CT2005", StringComparison.Ordinal));
        Assert.StartsWith($"cachetasks: error CT2005: Mirror {url} refused access (HTTP 401 from {url}/v3/manifests/index/index.manifest.json)", ct2005);
        Assert.Contains(string.Format(Messages.CredentialsVariable, Messages.CredentialsRoleToken, "SPACK_CACHE_TOKEN", Messages.CredentialsSet), ct2005);

        string[] secrets = [CacheToken, WrongCacheToken];
        var written = SecretScan.AssertWrittenNowhere(folder.Path, secrets);
        Assert.Contains(written, f => f.EndsWith("index.json", StringComparison.Ordinal));
        Assert.Contains(written, f => f.EndsWith("coverage.json", StringComparison.Ordinal));
        foreach (var run in new[] { covered, untrusted, refused })
        {
            SecretScan.AssertNotIn(run.Output + run.Error, secrets);
        }
    }
}
