using System.Text;
using CacheTasks.Testing;
using Microsoft.AspNetCore.Http;

namespace CacheTasks.Cli.Tests.EndToEnd;

/// <summary>
/// The installed tool against an <c>oci://</c> registry as users meet one: docker-registry speaking TLS
/// with a certificate of a CA the machine was told to trust (<c>SSL_CERT_FILE</c>), behind htpasswd
/// Basic authentication or Docker's token authentication with its token service over https too.
/// </summary>
public sealed partial class InstalledToolTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Check_reads_an_oci_registry_over_tls_with_basic_or_token_authentication_and_refuses_an_untrusted_certificate(bool tokens)
    {
        Assert.True(tool.Install.ExitCode == 0, tool.Install.ToString());
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        using var authority = new TestCertificateAuthority(folder.Path);
        using var issuer = tokens ? new OciTokenIssuer(folder.Path, RegistryUser, RegistryPassword) : null;
        // The token service behind a TLS front, as ghcr.io's is: the realm the registry names is https.
        using var realm = issuer is null ? null : new HttpsTestServer(authority.Server, context => Forward(context, issuer.Realm));
        using var registry = issuer is null
            ? new OciTestRegistry(RegistryUser, RegistryPassword, authority)
            : new OciTestRegistry(issuer, authority, realm!.BaseUrl + "/token");
        registry.PushIndex("buildcache", Encoding.UTF8.GetBytes(DagIndex.Hdf5().ToString()));
        var url = registry.Url("buildcache");
        Assert.StartsWith("oci://", url, StringComparison.Ordinal);
        string[] check = ["check", "--catalog", url, "--arch", X86, "--report-dir", folder.Combine("reports"),
            "--mirror-user-variable", "CI_REGISTRY_USER", "--mirror-password-variable", "CI_REGISTRY_PASSWORD"];
        Dictionary<string, string> Trusting(string password) => new(Login(password)) { ["SSL_CERT_FILE"] = authority.AuthorityFile };

        var covered = Run(Trusting(RegistryPassword), [.. check, "--catalog-cache-dir", folder.Combine("cache"), "hdf5@1.14 +mpi ^openmpi"]);
        var refused = Run(Trusting(WrongRegistryPassword), [.. check, "--catalog-cache-dir", folder.Combine("cache"), "--catalog-refresh", "always", "hdf5@1.14 +mpi ^openmpi"]);
        var untrusted = Run(Login(RegistryPassword), [.. check, "--catalog-cache-dir", folder.Combine("untrusted"), "hdf5@1.14 +mpi ^openmpi"]);

        Assert.True(covered.ExitCode == 0, covered.ToString());
        Assert.Empty(covered.Error);
        Assert.Equal(string.Format(Messages.Summary, 1, 1, "100.0", Path.Combine(folder.Combine("reports"), "coverage.md")), covered.OutputLines[^1]);
        if (issuer is not null)
        {
            // Both tokens came from the service through the https realm, asked with the user and password.
            Assert.NotEmpty(issuer.Issued);
            Assert.All(issuer.Requests, r => Assert.Equal(RegistryUser, r.User));
            Assert.NotEmpty(realm!.Requests);
            Assert.All(realm.Requests, r => Assert.Equal("/token", r.Path));
        }

        Assert.True(refused.ExitCode == 2, refused.ToString());
        var ct2005 = Assert.Single(refused.ErrorLines, l => l.Contains("CT2005", StringComparison.Ordinal));
        Assert.StartsWith($"cachetasks: error CT2005: Mirror {url} refused access (HTTP 401 ", ct2005);
        Assert.Contains(string.Format(Messages.CredentialsVariable, Messages.CredentialsRolePassword, "CI_REGISTRY_PASSWORD", Messages.CredentialsSet), ct2005);

        Assert.True(untrusted.ExitCode == 2, untrusted.ToString());
        var ct2002 = Assert.Single(untrusted.ErrorLines, l => l.Contains("CT2002", StringComparison.Ordinal));
        Assert.Contains("certificate", ct2002, StringComparison.OrdinalIgnoreCase);

        string[] secrets = [RegistryPassword, WrongRegistryPassword, Convert.ToBase64String(Encoding.UTF8.GetBytes(RegistryUser + ":" + RegistryPassword)), .. issuer?.Issued ?? []];
        var written = SecretScan.AssertWrittenNowhere(folder.Path, secrets);
        Assert.Contains(written, f => f.EndsWith("index.json", StringComparison.Ordinal));
        foreach (var run in new[] { covered, refused, untrusted })
        {
            SecretScan.AssertNotIn(run.Output + run.Error, secrets);
        }
    }

    private static readonly HttpClient Plain = new();

    /// <summary>Passes a request on to the plain-http service behind the TLS front, with its query and Authorization, and its answer back.</summary>
    private static async Task Forward(HttpContext context, string target)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target + context.Request.QueryString.Value);
        if (context.Request.Headers.Authorization.Count > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", context.Request.Headers.Authorization.ToString());
        }

        using var response = await Plain.SendAsync(request);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var challenge in response.Headers.WwwAuthenticate)
        {
            context.Response.Headers.Append("WWW-Authenticate", challenge.ToString());
        }

        var body = await response.Content.ReadAsByteArrayAsync();
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        await context.Response.Body.WriteAsync(body);
    }
}
