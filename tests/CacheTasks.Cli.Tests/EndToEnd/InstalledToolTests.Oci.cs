using System.Text;
using CacheTasks.Testing;

namespace CacheTasks.Cli.Tests.EndToEnd;

/// <summary>
/// The installed tool against a real OCI registry behind htpasswd Basic authentication, with the user
/// and password of the variables named by <c>--mirror-user-variable</c> and <c>--mirror-password-variable</c>,
/// as a CI step that has logged in to its registry runs it.
/// </summary>
public sealed partial class InstalledToolTests
{
    private const string RegistryUser = "ci";
    private const string RegistryPassword = "tool-registry-password-2e8f61";
    private const string WrongRegistryPassword = "tool-wrong-password-b93d";
    private const string X86 = "linux-ubuntu24.04-x86_64_v3";

    [Fact]
    public void Check_reads_an_authenticated_registry_exits_1_for_a_missing_binary_2_for_a_refused_password_and_writes_the_password_nowhere()
    {
        Assert.True(tool.Install.ExitCode == 0, tool.Install.ToString());
        using var registry = new OciTestRegistry(RegistryUser, RegistryPassword);
        registry.PushIndex("buildcache", Encoding.UTF8.GetBytes(DagIndex.Hdf5().ToString()));
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var url = registry.Url("buildcache");
        var reports = folder.Combine("reports");
        string[] common = ["check", "--catalog", url, "--arch", X86, "--catalog-cache-dir", folder.Combine("cache"), "--report-dir", reports,
            "--mirror-user-variable", "CI_REGISTRY_USER", "--mirror-password-variable", "CI_REGISTRY_PASSWORD"];

        var covered = Run(Login(RegistryPassword), [.. common, "hdf5@1.14 +mpi ^openmpi"]);
        var missing = Run(Login(RegistryPassword), [.. common, "hdf5@1.14 +mpi ^openmpi", "zlib@1.3"]);
        var refused = Run(Login(WrongRegistryPassword), [.. common, "--catalog-refresh", "always", "hdf5@1.14 +mpi ^openmpi"]);

        Assert.True(covered.ExitCode == 0, covered.ToString());
        Assert.Empty(covered.Error);
        Assert.Equal(string.Format(Messages.Summary, 1, 1, "100.0", Path.Combine(reports, "coverage.md")), covered.OutputLines[^1]);

        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.StartsWith($"cachetasks: error CT1001: 'zlib@1.3' has no binary for {X86}", Assert.Single(missing.ErrorLines));

        Assert.True(refused.ExitCode == 2, refused.ToString());
        var ct2005 = Assert.Single(refused.ErrorLines, l => l.Contains("CT2005", StringComparison.Ordinal));
        Assert.StartsWith($"cachetasks: error CT2005: Mirror {url} refused access (HTTP 401 ", ct2005);
        Assert.Contains(string.Format(Messages.CredentialsVariable, Messages.CredentialsRolePassword, "CI_REGISTRY_PASSWORD", Messages.CredentialsSet), ct2005);

        string[] secrets = [RegistryPassword, WrongRegistryPassword, Convert.ToBase64String(Encoding.UTF8.GetBytes(RegistryUser + ":" + RegistryPassword))];
        var files = SecretScan.AssertWrittenNowhere(folder.Path, secrets);
        Assert.Contains(files, f => f.EndsWith("index.json", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("coverage.json", StringComparison.Ordinal));
        foreach (var run in new[] { covered, missing, refused })
        {
            SecretScan.AssertNotIn(run.Output + run.Error, secrets);
        }
    }

    private static Dictionary<string, string> Login(string password) => new()
    {
        ["CI_REGISTRY_USER"] = RegistryUser,
        ["CI_REGISTRY_PASSWORD"] = password,
    };
}
