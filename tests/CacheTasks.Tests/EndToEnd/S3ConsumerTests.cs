using System.Text;
using CacheTasks.Testing;

namespace CacheTasks.Tests.EndToEnd;

/// <summary>
/// A project with the packed package checking against an S3 build cache (a real s3rver) that it knows
/// the way a Spack user describes it: a <c>mirrors.yaml</c> given as SpackMirrorsConfig whose entry
/// names the bucket, the <c>endpoint_url</c> and an <c>access_pair</c> of environment variables.
/// </summary>
[Collection(EndToEndBuilds.Name)]
public sealed class S3ConsumerTests(PackedCacheTasks package) : IDisposable
{
    private const string Secret = "consumer-s3-secret-key-71f3a0";

    private readonly S3TestServer _server = new();
    private readonly TemporaryDirectory _folder = TestEnvironment.CreateTemporaryDirectory();

    public void Dispose()
    {
        _server.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void A_consumer_build_reads_the_bucket_of_a_mirrors_yaml_entry_reuses_its_cache_when_the_server_is_down_and_writes_the_secret_nowhere()
    {
        _server.CreateBucket("spack");
        _server.AddV3Mirror("spack", "buildcache", Encoding.UTF8.GetBytes(DagIndex.Hdf5().ToString()), gzip: true);
        var url = S3TestServer.MirrorUrl("spack", "buildcache");
        var mirrors = _folder.Write("spack/mirrors.yaml", $"""
            mirrors:
              company:
                url: {url}
                endpoint_url: {_server.Endpoint}
                access_pair:
                  id_variable: CI_S3_KEY_ID
                  secret_variable: CI_S3_SECRET_KEY
            """);
        var consumer = new PackageConsumer(package, _folder);
        var project = consumer.Write(MirrorConsumerScenario.Properties(url, $"""

                <SpackMirrorsConfig>{mirrors}</SpackMirrorsConfig>
            """), MirrorConsumerScenario.Items);
        var environment = new Dictionary<string, string>
        {
            ["CI_S3_KEY_ID"] = S3TestServer.AccessKeyId,
            ["CI_S3_SECRET_KEY"] = Secret,
        };

        var first = consumer.Build(environment, consumer.Logged("first"));
        _server.Stop();
        // The server is down: an ordinary build uses the index the first one downloaded, without asking.
        var offline = consumer.Build(environment, consumer.Logged("offline"));

        MirrorConsumerScenario.AssertChecked(first, consumer, project);
        MirrorConsumerScenario.AssertChecked(offline, consumer, project);
        consumer.AssertSecretsNowhere([first, offline], mirrors, Secret);
    }
}
