using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace CacheTasks.Mirrors;

/// <summary>
/// One <c>WWW-Authenticate</c> challenge of a 401 (RFC 7235): its scheme and parameters. A registry asks
/// <c>Bearer realm="…",service="…",scope="…"</c> (a token from the realm), a plain server <c>Basic realm="…"</c>.
/// </summary>
internal sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    private static readonly Regex Parameter = new(@"([A-Za-z0-9_\-]+)\s*=\s*(?:""((?:[^""\\]|\\.)*)""|([^\s,]+))", RegexOptions.CultureInvariant);

    // RFC 7230 quoted-pair, as Spack unquotes it: a backslash stands for the character after it (Regex.Unescape would throw on "\d").
    private static readonly Regex QuotedPair = new(@"\\(.)", RegexOptions.CultureInvariant | RegexOptions.Singleline);

    public bool IsBearer => string.Equals(Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => string.Equals(Scheme, "Basic", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A Bearer challenge that names a token service: its <c>realm</c>, <c>service</c> and <c>scope</c>, all
    /// three, as Spack's <c>get_bearer_challenge</c> (oci/opener.py) asks. An HTTPS server's RFC 6750
    /// challenge (<c>Bearer realm="name", error="invalid_token"</c>) names a protection space, not a
    /// service to ask: it refuses the token that was sent.
    /// </summary>
    public bool NamesTokenService => IsBearer && this["realm"] is not null && this["service"] is not null && this["scope"] is not null;

    public string? this[string name] => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// Where a Bearer challenge says to ask for a token: its realm with the challenge's <c>service</c> and
    /// <c>scope</c> as query parameters (Spack's <c>_try_bearer_challenge</c>). Spack refuses a realm that
    /// is not https, since the credentials go there; so does CacheTasks, except for a registry the user
    /// reads over plain http anyway (<c>oci+http://</c>), whose requests carry no more protection.
    /// </summary>
    public Uri TokenUrl(Uri registry)
    {
        var realm = this["realm"] ?? string.Empty;
        var query = new List<string>();
        if (this["service"] is { } service)
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }

        if (this["scope"] is { } scope)
        {
            query.Add("scope=" + Uri.EscapeDataString(scope));
        }

        var text = realm + (query.Count == 0 ? string.Empty : (realm.Contains('?') ? "&" : "?") + string.Join("&", query));
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new MirrorFetchException(string.Format(Messages.MirrorCauseTokenService, realm, Messages.MirrorTokenRealmNotUrl));
        }

        if (url.Scheme == Uri.UriSchemeHttp && registry.Scheme != Uri.UriSchemeHttp)
        {
            throw new MirrorFetchException(string.Format(Messages.MirrorCauseTokenService, url.GetLeftPart(UriPartial.Path), Messages.MirrorTokenRealmInsecure));
        }

        return url;
    }

    /// <summary>The challenges of a response, Bearer first (as Spack's opener prefers it).</summary>
    public static IReadOnlyList<AuthChallenge> Of(HttpHeaderValueCollection<AuthenticationHeaderValue> headers) =>
        headers.Select(h => new AuthChallenge(h.Scheme, Parse(h.Parameter))).OrderBy(c => c.IsBearer ? 0 : c.IsBasic ? 1 : 2).ToList();

    private static Dictionary<string, string> Parse(string? parameter)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (parameter is null)
        {
            return values;
        }

        foreach (Match match in Parameter.Matches(parameter))
        {
            values[match.Groups[1].Value] = match.Groups[2].Success ? QuotedPair.Replace(match.Groups[2].Value, "$1") : match.Groups[3].Value;
        }

        return values;
    }
}
