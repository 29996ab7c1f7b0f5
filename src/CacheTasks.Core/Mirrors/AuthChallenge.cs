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

    public bool IsBearer => string.Equals(Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => string.Equals(Scheme, "Basic", StringComparison.OrdinalIgnoreCase);

    public string? this[string name] => Parameters.TryGetValue(name, out var value) ? value : null;

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
            values[match.Groups[1].Value] = match.Groups[2].Success ? Regex.Unescape(match.Groups[2].Value) : match.Groups[3].Value;
        }

        return values;
    }
}
