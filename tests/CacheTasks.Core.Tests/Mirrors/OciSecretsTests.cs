using System.Text;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Mirrors;

/// <summary>
/// After whole runs against an authenticated registry (Basic with htpasswd, and Docker's token
/// authentication), one that reads the index and one whose password is refused, no file the runs
/// left holds the password, the Basic header made of it, or a token the token service handed out:
/// not the mirror cache, the parsed catalog, the snapshot, the saved results, nor any report.
/// </summary>
public sealed class OciSecretsTests : IDisposable
{
    private const string User = "ci";
    private const string Password = "oci-password-that-must-never-be-written-31c7";

    private readonly TemporaryDirectory _folder = TestEnvironment.CreateTemporaryDirectory();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("basic")]
    [InlineData("token")]
    public void No_file_a_run_leaves_holds_the_password_or_a_token(string authentication)
    {
        using var issuer = authentication == "token" ? new OciTokenIssuer(_folder.Combine(), User, Password) : null;
        using var registry = issuer is null ? new OciTestRegistry(User, Password) : new OciTestRegistry(issuer);
        registry.PushIndex("cache", Encoding.UTF8.GetBytes(DagIndex.Hdf5().ToString()));
        var source = registry.Url("cache");

        var read = Run(source, Password);
        Assert.DoesNotContain(read.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Contains(read.Result!.Rows, r => r.Status == CoverageStatus.Covered);

        var refused = Run(source, "wrong-" + Password, refresh: "always");
        Assert.Contains(refused.Diagnostics, d => d.Code == DiagnosticCodes.MirrorAccessDenied);

        var secrets = new List<string> { Password, "wrong-" + Password, Convert.ToBase64String(Encoding.UTF8.GetBytes(User + ":" + Password)) };
        if (issuer is not null)
        {
            Assert.NotEmpty(issuer.Issued);
            secrets.AddRange(issuer.Issued);
        }

        var files = SecretScan.AssertWrittenNowhere(_folder.Combine("run"), secrets);
        Assert.Contains(files, f => f.EndsWith("coverage.json", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("coverage.sarif", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("entry.json", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("spack-coverage.cache.json", StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith(_folder.Combine("run", "cache", "catalogs"), StringComparison.Ordinal));
        Assert.All(read.Diagnostics.Concat(refused.Diagnostics), d => Assert.DoesNotContain(Password, d.Message, StringComparison.Ordinal));
    }

    private CoverageRunResult Run(string source, string password, string refresh = "auto") => CoverageRun.Execute(new CoverageRunOptions
    {
        CatalogSources = [source],
        Arches = ["linux-ubuntu24.04-x86_64_v3"],
        Requirements = [new RequirementInput("hdf5@1.14 +mpi"), new RequirementInput("zlib")],
        ReportDirectory = _folder.Combine("run", "reports"),
        ReportFormats = ["json", "md", "html", "sarif"],
        MirrorCacheDirectory = _folder.Combine("run", "cache"),
        MirrorRefresh = refresh,
        ShareParsedCatalog = true,
        ResultsFile = _folder.Combine("run", "obj", "spack-coverage.cache.json"),
        MirrorUserVariable = "CI_REGISTRY_USER",
        MirrorPasswordVariable = "CI_REGISTRY_PASSWORD",
        EnvironmentVariables = new Dictionary<string, string> { ["CI_REGISTRY_USER"] = User, ["CI_REGISTRY_PASSWORD"] = password },
    }, TestContext.Current.CancellationToken);
}
