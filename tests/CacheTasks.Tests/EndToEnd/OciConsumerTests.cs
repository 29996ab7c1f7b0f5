using System.Text;
using CacheTasks.Testing;

namespace CacheTasks.Tests.EndToEnd;

/// <summary>
/// A project with the packed package checking against a real OCI registry (docker-registry behind
/// htpasswd Basic authentication) that it reaches with the user and password of the variables named by
/// SpackMirrorUserVariable and SpackMirrorPasswordVariable, as a CI job with a registry login does.
/// </summary>
[Collection(EndToEndBuilds.Name)]
public sealed class OciConsumerTests(PackedCacheTasks package) : IDisposable
{
    private const string User = "ci";
    private const string Password = "consumer-registry-password-9d2b71";
    private const string WrongPassword = "consumer-wrong-password-c40e";

    private readonly OciTestRegistry _registry = new(User, Password);
    private readonly TemporaryDirectory _folder = TestEnvironment.CreateTemporaryDirectory();

    public void Dispose()
    {
        _registry.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void A_consumer_build_reads_the_registry_with_the_password_variable_reuses_its_cache_when_the_registry_is_down_and_writes_the_password_nowhere()
    {
        _registry.PushIndex("buildcache", Encoding.UTF8.GetBytes(DagIndex.Hdf5().ToString()));
        var url = _registry.Url("buildcache");
        var consumer = new PackageConsumer(package, _folder);
        var project = consumer.Write(MirrorConsumerScenario.Properties(url, """

                <SpackMirrorUserVariable>CI_REGISTRY_USER</SpackMirrorUserVariable>
                <SpackMirrorPasswordVariable>CI_REGISTRY_PASSWORD</SpackMirrorPasswordVariable>
            """), MirrorConsumerScenario.Items);

        var first = consumer.Build(Login(Password), consumer.Logged("first"));
        // The password is wrong now; SpackCatalogRefresh=always makes the build ask the registry.
        var refused = consumer.Build(Login(WrongPassword), ["-p:SpackCatalogRefresh=always", .. consumer.Logged("refused")]);
        _registry.Stop();
        // The registry is down: an ordinary build uses the index the first one downloaded, without asking.
        var offline = consumer.Build(Login(Password), consumer.Logged("offline"));

        MirrorConsumerScenario.AssertChecked(first, consumer, project);
        MirrorConsumerScenario.AssertChecked(offline, consumer, project);

        Assert.NotEqual(0, refused.ExitCode);
        var ct2005 = Assert.Single(refused.DiagnosticLines("CT2005"));
        var variables = string.Join("; ", Variable(Messages.CredentialsRoleUser, "CI_REGISTRY_USER"), Variable(Messages.CredentialsRolePassword, "CI_REGISTRY_PASSWORD"));
        Assert.Contains($"error CT2005: Mirror {url} refused access (HTTP 401 ", ct2005);
        Assert.Contains(string.Format(Messages.CredentialsConfigured, Messages.CredentialsOriginProperties, variables), ct2005);
        // The copy cached by the first build is still checked beside the error.
        Assert.Single(refused.DiagnosticLines("CT1001"));
        MirrorConsumerScenario.AssertReport(consumer);

        // Nor the Basic header's text, which holds the password in base64.
        consumer.AssertSecretsNowhere([first, refused, offline], "CI_REGISTRY_PASSWORD", Password, WrongPassword, Convert.ToBase64String(Encoding.UTF8.GetBytes(User + ":" + Password)));
    }

    private static string Variable(string role, string name) =>
        string.Format(Messages.CredentialsVariable, role, name, Messages.CredentialsSet);

    private static Dictionary<string, string> Login(string password) => new()
    {
        ["CI_REGISTRY_USER"] = User,
        ["CI_REGISTRY_PASSWORD"] = password,
    };
}
