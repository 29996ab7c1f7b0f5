using CacheTasks.Credentials;
using CacheTasks.Diagnostics;
using CacheTasks.Mirrors;
using CacheTasks.Sources;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Mirrors;

/// <summary>
/// An <c>oci://</c> build cache behind Basic authentication (docker-registry with an htpasswd file): the
/// user and password come from the variables SpackMirrorUserVariable and SpackMirrorPasswordVariable
/// name, a wrong password is CT2005, and the password never reaches the diagnostics or the cache.
/// </summary>
public sealed class OciRegistryAuthTests : IDisposable
{
    private const string User = "ci";
    private const string Password = "s3cret-registry-password-4711";

    private readonly OciTestRegistry _registry = new(User, Password);
    private readonly TemporaryDirectory _cache = TestEnvironment.CreateTemporaryDirectory();
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal) { ["CI_REGISTRY_USER"] = User };
    private DateTimeOffset _now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public void Dispose()
    {
        _registry.Dispose();
        _cache.Dispose();
    }

    [Fact]
    public void The_user_and_password_variables_open_the_registry_and_a_wrong_password_is_CT2005()
    {
        var index = MirrorFixture.Sample(MirrorFixture.V8);
        _registry.PushIndex("cache", index);

        _environment["CI_REGISTRY_PASSWORD"] = Password;
        var (path, diagnostics) = Build("cache");
        Assert.Empty(diagnostics);
        Assert.Equal(index, File.ReadAllBytes(path!));

        _environment["CI_REGISTRY_PASSWORD"] = "wrong-" + Password;
        var (refused, refusal) = Build("cache", TimeSpan.FromHours(2));
        Assert.Equal(path, refused);
        var error = Assert.Single(refusal);
        Assert.Equal(DiagnosticCodes.MirrorAccessDenied, error.Code);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.DoesNotContain(Password, error.Message);

        SecretScan.AssertWrittenNowhere(_cache.Path, [Password]);
    }

    [Fact]
    public void Without_credentials_the_registry_refuses_with_CT2005()
    {
        _registry.PushIndex("cache", MirrorFixture.Sample(MirrorFixture.V8));

        var (path, diagnostics) = Build("cache");

        Assert.Null(path);
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.MirrorAccessDenied);
    }

    private (string? Path, List<Diagnostic> Diagnostics) Build(string repository, TimeSpan? later = null)
    {
        _now += later ?? TimeSpan.FromSeconds(1);
        var diagnostics = new List<Diagnostic>();
        var options = new MirrorOptions { CacheDirectory = _cache.Path, Refresh = MirrorRefresh.Auto, Timeout = TimeSpan.FromSeconds(30), Clock = () => _now };
        var credentials = new CredentialSettings { UserVariable = "CI_REGISTRY_USER", PasswordVariable = "CI_REGISTRY_PASSWORD", Environment = name => _environment.TryGetValue(name, out var value) ? value : null };
        var source = _registry.Url(repository);
        var resolved = SourceKinds.Of(source)!.Resolve(source, new SourceContext(options) { Credentials = credentials }, diagnostics, TestContext.Current.CancellationToken);
        return (resolved.Files.Count > 0 ? resolved.Files[0].Path : null, diagnostics);
    }
}
