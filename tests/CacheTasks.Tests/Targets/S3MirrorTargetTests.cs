using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.Targets;

/// <summary>
/// <c>&lt;SpackCatalog&gt;s3://bucket/prefix&lt;/SpackCatalog&gt;</c> in a real build of the targets, against a
/// real S3 server (s3rver) found through <c>S3_ENDPOINT_URL</c>, with credentials from the build's environment.
/// </summary>
public sealed class S3MirrorTargetTests : IDisposable
{
    private const string Bucket = "spack";
    private const string Secret = "s3-secret-that-must-never-be-written-0f9a";

    private readonly S3TestServer _server = new();
    private readonly TemporaryDirectory _folder = TestEnvironment.CreateTemporaryDirectory();

    public S3MirrorTargetTests()
    {
        _server.CreateBucket(Bucket);
        _server.AddV3Mirror(Bucket, "develop", File.ReadAllBytes(TestEnvironment.Shared("catalog-index-samples", "v2_layout-unsigned-index.db-v7.json")), gzip: true);
    }

    public void Dispose()
    {
        _server.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void A_build_reads_the_S3_mirror_with_the_environment_s_credentials_and_writes_the_secret_nowhere()
    {
        var project = WriteProject("");

        var cold = Build(project, S3TestServer.AccessKeyId);
        var warm = Build(project, S3TestServer.AccessKeyId);

        foreach (var build in new[] { cold, warm })
        {
            // libdwarf is in the mirror's index, for test-debian6 only: missing here (CT1001), not unknown (CT1002).
            Assert.True(build.Succeeded, string.Join(Environment.NewLine, build.Lines));
            Assert.Equal(["CT1001"], build.Log.Warnings.Select(w => w.Code));
            Assert.Equal("missing", Assert.Single(build.CoverageResults).GetMetadataValue("Status"));
        }

        var cached = Assert.Single(Directory.EnumerateFiles(_folder.Combine("mirror-cache"), "index.json", SearchOption.AllDirectories));
        Assert.EndsWith(Path.Combine("develop", "build_cache", "index.json"), cached);
        AssertSecretWrittenNowhere();
    }

    [Fact]
    public void A_refused_key_is_CT2005_naming_the_variables_and_a_mirror_that_is_down_is_CT2003()
    {
        var project = WriteProject("<SpackCatalogMaxAge>00:00:00</SpackCatalogMaxAge>");
        var first = Build(project, S3TestServer.AccessKeyId);
        Assert.True(first.Succeeded, string.Join(Environment.NewLine, first.Lines));

        var refused = Build(project, "AKIAREVOKED");
        _server.Stop();
        var down = Build(project, S3TestServer.AccessKeyId);

        Assert.False(refused.Succeeded);
        var error = Assert.Single(refused.Log.Errors);
        Assert.Equal("CT2005", error.Code);
        var url = S3TestServer.MirrorUrl(Bucket, "develop");
        var cause = string.Format(Messages.S3Refused, $"{url}/v3/manifests/index/index.manifest.json", 403, "InvalidAccessKeyId", Messages.S3CredentialsEnvironment);
        Assert.Equal(string.Format(Messages.MirrorCredentialsRefused, url, cause), error.Message);
        Assert.Equal(Diagnostics.DiagnosticCodes.HelpLink("CT2005"), error.HelpLink);
        // The cached index is still checked: the report has the row beside the error.
        using (var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(_folder.Combine("spack-coverage", "coverage.json"))))
        {
            var row = Assert.Single(report.RootElement.GetProperty("results").EnumerateArray());
            Assert.Equal("missing", row.GetProperty("status").GetString());
        }

        Assert.True(down.Succeeded);
        var warning = Assert.Single(down.Log.Warnings, w => w.Code == "CT2003");
        Assert.StartsWith(string.Format(Messages.MirrorNotRefreshed, url, "\u0001", "\u0001").Split('\u0001')[0], warning.Message);
        AssertSecretWrittenNowhere();
    }

    private InProcessBuildResult Build(string project, string keyId) =>
        InProcessBuild.Run(project, environment: new Dictionary<string, string?>
        {
            ["S3_ENDPOINT_URL"] = _server.Endpoint,
            ["AWS_ACCESS_KEY_ID"] = keyId,
            ["AWS_SECRET_ACCESS_KEY"] = Secret,
        });

    /// <summary>Every file the builds left behind: saved results, snapshot and parsed cache, the reports, the mirror cache.</summary>
    private void AssertSecretWrittenNowhere()
    {
        var files = SecretScan.AssertWrittenNowhere(_folder.Path, [Secret]);
        Assert.Contains(files, f => f.EndsWith("coverage.json", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("entry.json", StringComparison.Ordinal));
    }

    private string WriteProject(string properties) =>
        _folder.Write("app.proj", InProcessBuild.Project(
            $"""
                <SpackCatalog>{S3TestServer.MirrorUrl(Bucket, "develop")}</SpackCatalog>
                <SpackCatalogCacheDirectory>mirror-cache</SpackCatalogCacheDirectory>
                <SpackArch>linux-ubuntu24.04-x86_64_v3</SpackArch>
                <SpackCoverageReportFormats>json;md;html;sarif</SpackCoverageReportFormats>
                {properties}
            """,
            """<SpackRequirement Include="libdwarf" />"""));
}
