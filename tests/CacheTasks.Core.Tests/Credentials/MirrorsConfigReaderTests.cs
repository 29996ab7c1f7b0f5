using CacheTasks.Credentials;
using CacheTasks.Diagnostics;
using CacheTasks.Mirrors;
using CacheTasks.Run;
using CacheTasks.Sources;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Credentials;

/// <summary>
/// Spack's mirrors: section read as Spack's spack.mirrors.mirror.Mirror reads it for fetching
/// (_get_value: fetch: over the top level; get_access_token, get_access_pair), with secrets only
/// from the environment.
/// </summary>
public sealed class MirrorsConfigReaderTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["CI_TOKEN"] = "token-value-1",
        ["FETCH_TOKEN"] = "token-value-2",
        ["GITHUB_USER"] = "octocat",
        ["GITHUB_TOKEN"] = "ghp-secret-3",
    };

    private static MirrorCredentials For(IReadOnlyList<MirrorConfigEntry> entries, string url) =>
        new SourceContext(MirrorOptions.Default) { Credentials = new CredentialSettings { Entries = entries, Environment = name => Environment.TryGetValue(name, out var v) ? v : null } }
            .CredentialsFor(MirrorUrl.Parse(url)!);

    [Fact]
    public void A_mirrors_yaml_gives_token_and_access_pair_variables_and_fetch_overrides_the_top_level()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var config = folder.Write("mirrors.yaml", """
            mirrors:
              plain: https://cache.example.com/plain
              token:
                url: https://cache.example.com/token/
                access_token_variable: CI_TOKEN
              split:
                url: https://cache.example.com/push-here
                access_token_variable: CI_TOKEN
                fetch:
                  url: https://Cache.Example.com/split
                  access_token_variable: FETCH_TOKEN
                push:
                  access_token_variable: PUSH_ONLY
              ghcr:
                url: https://ghcr.example.com/org/cache
                access_pair:
                  id_variable: GITHUB_USER
                  secret_variable: GITHUB_TOKEN
                profile: ci
                endpoint_url: https://s3.example.com
            """);
        var diagnostics = new List<Diagnostic>();

        var entries = MirrorsConfigReader.Read(config, diagnostics);

        Assert.Empty(diagnostics);
        Assert.Equal(["plain", "token", "split", "ghcr"], entries.Select(e => e.Name));
        Assert.False(For(entries, "https://cache.example.com/plain").Configured);
        Assert.Equal("token-value-1", For(entries, "https://cache.example.com/token").Token);
        var split = For(entries, "https://cache.example.com/split");
        Assert.Equal("FETCH_TOKEN", split.TokenVariable);
        Assert.Equal("token-value-2", split.Token);
        var ghcr = For(entries, "https://ghcr.example.com/org/cache");
        Assert.Equal(("octocat", "ghp-secret-3"), (ghcr.User, ghcr.Password));
        Assert.Equal(("ci", "https://s3.example.com"), (ghcr.Profile, ghcr.EndpointUrl));
    }

    [Fact]
    public void A_spack_yaml_mirrors_section_is_read_the_same_way_and_a_literal_id_is_allowed()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var config = folder.Write("spack.yaml", """
            spack:
              specs: [zlib]
              mirrors:
                team:
                  fetch:
                    url: https://cache.example.com/team
                    access_pair:
                      id: builder
                      secret_variable: GITHUB_TOKEN
            """);

        var entries = MirrorsConfigReader.Read(config, []);

        var team = For(entries, "https://cache.example.com/team");
        Assert.Equal(("builder", "ghp-secret-3"), (team.User, team.Password));
    }

    [Fact]
    public void A_secret_written_in_the_file_is_CT3003_at_its_line_and_is_not_used()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var config = folder.Write("mirrors.yaml", """
            mirrors:
              leaky:
                url: https://cache.example.com/leaky
                access_token: plain-secret-in-file
              old:
                url: https://cache.example.com/old
                access_pair: [user, another-plain-secret]
            """);
        var diagnostics = new List<Diagnostic>();

        var entries = MirrorsConfigReader.Read(config, diagnostics);

        Assert.Equal([(4, 5), (7, 18)], diagnostics.Select(d => (d.Location!.Line, d.Location.Column)));
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticCodes.InvalidEnvironment, d.Code));
        Assert.All(diagnostics, d => Assert.DoesNotContain("plain-secret", d.Message, StringComparison.Ordinal));
        Assert.False(For(entries, "https://cache.example.com/leaky").HasToken);
        Assert.False(For(entries, "https://cache.example.com/old").HasUserAndPassword);
    }

    [Fact]
    public void A_mirror_without_an_entry_takes_the_properties_variables_and_says_which_are_set_never_their_values()
    {
        var credentials = new CredentialSettings { TokenVariable = "CI_TOKEN", UserVariable = "NOBODY_SET_THIS", Environment = name => Environment.TryGetValue(name, out var v) ? v : null }
            .For(_ => false);

        var described = credentials.Describe();

        Assert.Equal("token-value-1", credentials.Token);
        Assert.Equal(
            string.Format(Messages.CredentialsConfigured, Messages.CredentialsOriginProperties, string.Join("; ", string.Format(Messages.CredentialsVariable, Messages.CredentialsRoleToken, "CI_TOKEN", Messages.CredentialsSet), string.Format(Messages.CredentialsVariable, Messages.CredentialsRoleUser, "NOBODY_SET_THIS", Messages.CredentialsNotSet))),
            described);
        Assert.DoesNotContain("token-value-1", described + credentials, StringComparison.Ordinal);
        Assert.Equal(Messages.CredentialsNone, MirrorCredentials.None.Describe());
    }

    [Fact]
    public void A_variable_property_holding_what_looks_like_a_value_is_CT3004_with_the_value_masked()
    {
        var diagnostics = new List<Diagnostic>();

        var settings = RunInputValidator.CredentialsOf(new CoverageRunOptions { MirrorTokenVariable = "Bearer abc=def" }, diagnostics);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidProperty, diagnostic.Code);
        Assert.DoesNotContain("abc", diagnostic.Message, StringComparison.Ordinal);
        Assert.Null(settings.TokenVariable);
    }
}
