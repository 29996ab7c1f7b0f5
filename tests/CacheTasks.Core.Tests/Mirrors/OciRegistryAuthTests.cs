using CacheTasks.Credentials;
using CacheTasks.Diagnostics;
using CacheTasks.Mirrors;
using CacheTasks.Sources;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Mirrors;

/// <summary>
/// An <c>oci://</c> build cache behind authentication. Basic: docker-registry with an htpasswd file, the
/// user and password from the variables SpackMirrorUserVariable and SpackMirrorPasswordVariable name.
/// Docker's token authentication: a real docker-registry whose
/// <c>auth: token:</c> trusts the certificate of a token service the test runs (<see cref="OciTokenIssuer"/>).
/// The cases are Spack's own for its OCI opener (lib/spack/spack/test/oci/urlopen.py at
/// 05ea2e11e69a539a15c43d9b28902c548cc67fe5: test_automatic_oci_bearer_authentication, test_wrong_credentials,
/// test_wrong_bearer_token_returned_by_auth_server), run against the real registry instead of its mock:
/// a 401's Bearer challenge gets a token from the realm with the challenge's service and scope (anonymously,
/// or with the user and password as Basic credentials), the token is reused for the build, and what
/// goes wrong on the way is a coded diagnostic.
/// </summary>
public sealed class OciRegistryAuthTests : IDisposable
{
    private const string User = "ci";
    private const string Password = "token-service-password-never-written-8d21";

    private readonly TemporaryDirectory _cache = TestEnvironment.CreateTemporaryDirectory();
    private readonly TemporaryDirectory _issuerFolder = TestEnvironment.CreateTemporaryDirectory();
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal) { ["CI_REGISTRY_USER"] = User };
    private OciTokenIssuer? _issuer;
    private OciTestRegistry? _registry;
    private DateTimeOffset _now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private OciTokenIssuer Issuer => _issuer!;

    private OciTestRegistry Registry => _registry!;

    public void Dispose()
    {
        _registry?.Dispose();
        _issuer?.Dispose();
        _issuerFolder.Dispose();
        _cache.Dispose();
    }

    [Fact]
    public void Basic_the_user_and_password_variables_open_the_registry_and_a_wrong_password_is_CT2005()
    {
        _registry = new OciTestRegistry(User, Password);

        var path = ReadWithThePassword();
        RefusedWithAWrongPassword(path);

        SecretScan.AssertWrittenNowhere(_cache.Path, [Password]);
    }

    [Fact]
    public void Basic_without_credentials_the_registry_refuses_with_CT2005()
    {
        _registry = new OciTestRegistry(User, Password);
        Registry.PushIndex("cache", MirrorFixture.Sample(MirrorFixture.V8));

        var (path, diagnostics) = Build("cache", Anonymous);

        Assert.Null(path);
        Assert.Equal(DiagnosticCodes.MirrorAccessDenied, Assert.Single(diagnostics).Code);
    }

    [Fact]
    public void An_anonymous_token_opens_the_registry_and_is_asked_for_once_per_build()
    {
        Start(user: null, password: null);
        var index = MirrorFixture.Sample(MirrorFixture.V8);
        Registry.PushIndex("spack/cache", index);

        var (path, diagnostics) = Build("spack/cache", Anonymous);

        Assert.Empty(diagnostics);
        Assert.Equal(index, File.ReadAllBytes(path!));
        // The manifest and the blob: two requests to the registry, one token for both.
        var asked = Assert.Single(Issuer.Requests);
        Assert.Equal(OciTokenIssuer.Service, asked.Service);
        Assert.Equal("repository:spack/cache:pull", asked.Scope);
        Assert.Null(asked.User);
        Assert.False(asked.HasPassword);

        // The next build starts without the token and asks again.
        var (again, none) = Build("spack/cache", Anonymous, TimeSpan.FromHours(2));
        Assert.Empty(none);
        Assert.Equal(path, again);
        Assert.Equal(2, Issuer.Requests.Count);
    }

    [Fact]
    public void The_user_and_password_variables_reach_the_token_service_and_a_wrong_password_is_one_CT2005()
    {
        Start(User, Password);

        var path = ReadWithThePassword();
        var asked = Assert.Single(Issuer.Requests);
        Assert.Equal(User, asked.User);
        Assert.True(asked.HasPassword);

        var error = RefusedWithAWrongPassword(path);
        Assert.Contains(Issuer.Realm, error.Message);

        _environment.Remove("CI_REGISTRY_PASSWORD");
        var (_, unset) = Build("cache", UserAndPassword, TimeSpan.FromHours(2));
        var missing = Assert.Single(unset);
        Assert.Equal(DiagnosticCodes.MirrorAccessDenied, missing.Code);
        Assert.Contains(Variable(Messages.CredentialsRolePassword, "CI_REGISTRY_PASSWORD", set: false), missing.Message);
    }

    [Fact]
    public void A_token_in_the_token_variable_is_sent_as_it_is_without_asking_the_token_service()
    {
        Start(User, Password);
        var index = MirrorFixture.Sample(MirrorFixture.V8);
        Registry.PushIndex("cache", index);
        _environment["CI_REGISTRY_TOKEN"] = Issuer.Sign("cache", User, "pull");

        var (path, diagnostics) = Build("cache", new CredentialSettings { TokenVariable = "CI_REGISTRY_TOKEN" });

        Assert.Empty(diagnostics);
        Assert.Equal(index, File.ReadAllBytes(path!));
        Assert.Empty(Issuer.Requests);
    }

    [Fact]
    public void A_token_the_registry_refuses_is_one_CT2005_and_the_token_service_is_asked_once()
    {
        Start(User, Password);
        Registry.PushIndex("cache", MirrorFixture.Sample(MirrorFixture.V8));
        Issuer.SignWithForeignKey = true;
        _environment["CI_REGISTRY_PASSWORD"] = Password;

        var (path, diagnostics) = Build("cache", UserAndPassword);

        Assert.Null(path);
        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.MirrorAccessDenied, error.Code);
        var manifest = new OciRepository(MirrorUrl.Parse(Registry.Url("cache"))!).Manifest(OciRepository.IndexTag);
        Assert.Contains(manifest.GetLeftPart(UriPartial.Path), error.Message);
        Assert.Single(Issuer.Requests);
    }

    [Fact]
    public void A_token_service_that_is_down_is_CT2003_with_the_cached_copy_and_CT2002_without_both_naming_it()
    {
        Start(user: null, password: null);
        var index = MirrorFixture.Sample(MirrorFixture.V8);
        Registry.PushIndex("cache", index);
        Registry.PushIndex("other", index);
        var (good, _) = Build("cache", Anonymous);
        Issuer.Stop();

        var (path, diagnostics) = Build("cache", Anonymous, TimeSpan.FromHours(2));
        var (nothing, none) = Build("other", Anonymous);

        var cause = string.Format(Messages.MirrorCauseTokenService, Issuer.Realm, "\0").Split('\0')[0];
        Assert.Equal(good, path);
        Assert.Equal(index, File.ReadAllBytes(path!));
        var warning = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.MirrorNotRefreshed, warning.Code);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains(cause, warning.Message);
        Assert.Null(nothing);
        var error = Assert.Single(none);
        Assert.Equal(DiagnosticCodes.EmptyCatalogSource, error.Code);
        Assert.Contains(cause, error.Message);
    }

    /// <summary>Pushes an index to "cache" and reads it with the right password; returns the cached copy.</summary>
    private string ReadWithThePassword()
    {
        var index = MirrorFixture.Sample(MirrorFixture.V8);
        Registry.PushIndex("cache", index);
        _environment["CI_REGISTRY_PASSWORD"] = Password;
        var (path, diagnostics) = Build("cache", UserAndPassword);
        Assert.Empty(diagnostics);
        Assert.Equal(index, File.ReadAllBytes(path!));
        return path!;
    }

    /// <summary>A later build with a wrong password: one CT2005 naming the mirror and both variables as set, never the password; the cached copy still given.</summary>
    private Diagnostic RefusedWithAWrongPassword(string cached)
    {
        _environment["CI_REGISTRY_PASSWORD"] = "wrong-" + Password;
        var (path, diagnostics) = Build("cache", UserAndPassword, TimeSpan.FromHours(2));
        Assert.Equal(cached, path);
        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.MirrorAccessDenied, error.Code);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains(Registry.Url("cache"), error.Message);
        Assert.Contains(Variable(Messages.CredentialsRoleUser, "CI_REGISTRY_USER", set: true), error.Message);
        Assert.Contains(Variable(Messages.CredentialsRolePassword, "CI_REGISTRY_PASSWORD", set: true), error.Message);
        Assert.DoesNotContain(Password, error.Message);
        return error;
    }

    private static CredentialSettings Anonymous => CredentialSettings.None;

    private static CredentialSettings UserAndPassword => new() { UserVariable = "CI_REGISTRY_USER", PasswordVariable = "CI_REGISTRY_PASSWORD" };

    private static string Variable(string role, string variable, bool set) =>
        string.Format(Messages.CredentialsVariable, role, variable, set ? Messages.CredentialsSet : Messages.CredentialsNotSet);

    private string? Lookup(string name) => _environment.TryGetValue(name, out var value) ? value : null;

    private void Start(string? user, string? password)
    {
        _issuer = new OciTokenIssuer(_issuerFolder.Path, user, password);
        _registry = new OciTestRegistry(_issuer);
    }

    /// <summary>One build: its own source context (so its own tokens), the clock a little or <paramref name="later"/> further on.</summary>
    private (string? Path, List<Diagnostic> Diagnostics) Build(string repository, CredentialSettings credentials, TimeSpan? later = null)
    {
        _now += later ?? TimeSpan.FromSeconds(1);
        var diagnostics = new List<Diagnostic>();
        var options = new MirrorOptions { CacheDirectory = _cache.Path, Refresh = MirrorRefresh.Auto, Timeout = TimeSpan.FromSeconds(30), Clock = () => _now };
        var context = new SourceContext(options) { Credentials = credentials with { Environment = Lookup } };
        var path = MirrorFixture.Resolve(Registry.Url(repository), context, diagnostics);
        return (path, diagnostics);
    }
}
