using CacheTasks.Mirrors;

namespace CacheTasks.Core.Tests.Mirrors;

/// <summary>
/// <c>WWW-Authenticate</c> challenges and the token request a Bearer challenge asks for, with the cases
/// of Spack's OCI opener tests (lib/spack/spack/test/oci/urlopen.py at 05ea2e11e69a539a15c43d9b28902c548cc67fe5:
/// test_parse_www_authenticate, test_get_bearer_challenge, test_auth_method_we_cannot_handle_is_error).
/// </summary>
public sealed class OciAuthChallengeTests
{
    // test_parse_www_authenticate: header → each challenge as "scheme: key=value; …" (scheme lower-cased as Spack's are).
    [Theory]
    [InlineData("Bearer realm=\"https://spack.io/authenticate\",service=\"spack-registry\",scope=\"repository:spack-registry:pull,push\"",
        "bearer: realm=https://spack.io/authenticate; service=spack-registry; scope=repository:spack-registry:pull,push")]
    [InlineData("Bearer", "bearer:")]
    [InlineData("MethodA, MethodB,MethodC", "methoda:|methodb:|methodc:")]
    [InlineData("Digest realm=\"Digest Realm\", nonce=\"1234567890\", algorithm=MD5, qop=\"auth\"",
        "digest: realm=Digest Realm; nonce=1234567890; algorithm=MD5; qop=auth")]
    [InlineData("Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", Basic realm=\"simple\"",
        "newauth: realm=apps; type=1; title=Login to \"apps\"|basic: realm=simple")]
    [InlineData("BASIC REALM=\"simple\"", "basic: realm=simple")]
    // RFC 7230 quoted-pair: any character after a backslash stands for itself.
    [InlineData("Basic realm=\"C:\\\\d\\d\"", "basic: realm=C:\\dd")]
    public void A_header_gives_Spack_s_challenges(string header, string expected)
    {
        var challenges = Parse(header);

        // Bearer first, then Basic, as the opener tries them; the test compares in header order otherwise.
        var actual = challenges.Select(c => (c.Scheme.ToLowerInvariant() + ": " + string.Join("; ", c.Parameters.Select(p => p.Key.ToLowerInvariant() + "=" + p.Value))).TrimEnd());
        Assert.Equal(expected.Split('|').Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_bearer_challenge_is_tried_before_basic_and_others()
    {
        var challenges = Parse("Dummy realm=\"https://example.com/\", service=\"service\", scope=\"scope\", Basic realm=\"simple\", Bearer realm=\"https://spack.io/authenticate\", service=\"spack-registry\", scope=\"repository:spack-registry:pull,push\"");

        Assert.True(challenges[0].IsBearer);
        Assert.Equal("https://spack.io/authenticate", challenges[0]["realm"]);
        Assert.True(challenges[1].IsBasic);
    }

    [Theory]
    [InlineData("https://ghcr.io", "Bearer realm=\"https://ghcr.io/token\",service=\"ghcr.io\",scope=\"repository:acme/cache:pull\"", "https://ghcr.io/token?service=ghcr.io&scope=repository%3Aacme%2Fcache%3Apull")]
    [InlineData("https://registry.example.com", "Bearer realm=\"https://auth.example.com/token?client=x\",service=\"reg\",scope=\"repository:a:pull\"", "https://auth.example.com/token?client=x&service=reg&scope=repository%3Aa%3Apull")]
    [InlineData("http://127.0.0.1:5000", "Bearer realm=\"http://127.0.0.1:5001/token\",service=\"reg\",scope=\"repository:a:pull\"", "http://127.0.0.1:5001/token?service=reg&scope=repository%3Aa%3Apull")]
    public void A_bearer_challenge_asks_its_realm_with_its_service_and_scope(string registry, string header, string expected)
    {
        Assert.Equal(expected, Parse(header)[0].TokenUrl(new Uri(registry)).AbsoluteUri);
    }

    // get_bearer_challenge (oci/opener.py): a Bearer challenge is followed only when it names realm, service and scope.
    [Theory]
    [InlineData("Bearer realm=\"https://ghcr.io/token\",service=\"ghcr.io\",scope=\"repository:acme/cache:pull\"", true)]
    [InlineData("Bearer realm=\"company-build-cache\", error=\"invalid_token\"", false)]
    [InlineData("Bearer realm=\"https://auth.example.com/token\",service=\"reg\"", false)]
    [InlineData("Bearer realm=\"https://auth.example.com/token\",scope=\"repository:a:pull\"", false)]
    [InlineData("Basic realm=\"https://auth.example.com/token\",service=\"reg\",scope=\"repository:a:pull\"", false)]
    public void Only_a_bearer_challenge_with_realm_service_and_scope_names_a_token_service(string header, bool names)
    {
        Assert.Equal(names, Parse(header)[0].NamesTokenService);
    }

    // test_auth_method_we_cannot_handle_is_error, "http instead of https": a TLS registry's realm over plain http is refused.
    [Fact]
    public void A_plain_http_realm_of_a_TLS_registry_is_refused()
    {
        var challenge = Parse("Bearer realm=\"http://auth.example.com\",scope=x,service=y")[0];

        var refusal = Assert.Throws<MirrorFetchException>(() => challenge.TokenUrl(new Uri("https://private.example.com")));

        Assert.Equal(string.Format(Messages.MirrorCauseTokenService, "http://auth.example.com/", Messages.MirrorTokenRealmInsecure), refusal.Message);
    }

    [Fact]
    public void A_realm_that_is_not_a_url_is_refused()
    {
        var challenge = Parse("Bearer realm=\"auth\",scope=x,service=y")[0];

        var refusal = Assert.Throws<MirrorFetchException>(() => challenge.TokenUrl(new Uri("https://private.example.com")));

        Assert.Equal(string.Format(Messages.MirrorCauseTokenService, "auth", Messages.MirrorTokenRealmNotUrl), refusal.Message);
    }

    private static IReadOnlyList<AuthChallenge> Parse(string header)
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized);
        Assert.True(response.Headers.TryAddWithoutValidation("WWW-Authenticate", header));
        return AuthChallenge.Of(response.Headers.WwwAuthenticate);
    }
}
