using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CacheTasks.Credentials;
using CacheTasks.IO;

namespace CacheTasks.Mirrors;

/// <summary>
/// Mirror requests over http(s), with the mirror's credentials. Proxies come from the environment the
/// way .NET's default handler reads them (<c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c>, <c>NO_PROXY</c> on .NET;
/// the system proxy on .NET Framework). Every request, body included, is bounded by the timeout, so a
/// build never hangs on the network.
/// </summary>
/// <remarks>
/// Authentication follows Spack's OCI opener (lib/spack/spack/oci/opener.py): a 401 with a
/// <c>Bearer</c> challenge gets a token from the challenge's realm (with the user and password as Basic
/// credentials when there are some, else anonymously) and the request is sent again with it; a
/// <c>Basic</c> challenge gets the user and password. Tokens are kept per host for the build
/// (<see cref="RegistryTokens"/>, one per run). A configured bearer token (<c>access_token_variable</c>,
/// <c>SpackMirrorTokenVariable</c>) is sent at once, as token-protected HTTPS caches expect. Redirects are
/// followed here, not by the handler, so that the Authorization header is sent only to the host it was
/// meant for: a registry's blob redirect to a storage host gets none. A 401 or 403 that remains is
/// <see cref="MirrorFetchException.AccessDenied"/>, which the policy reports as CT2005.
/// </remarks>
internal sealed class HttpMirrorTransport(TimeSpan timeout, MirrorCredentials credentials, string mirror, RegistryTokens tokens) : IMirrorTransport
{
    private const int MaxRedirects = 10;

    /// <summary>A token answer is a few hundred bytes; anything far larger is not one.</summary>
    private const int MaxTokenBytes = 1 << 20;

    // One handler for the process: connections are pooled across builds in the same MSBuild node.
    private static readonly HttpClientHandler SharedHandler = new()
    {
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        AllowAutoRedirect = false,
        UseCookies = false,
    };

    private readonly HttpClient _client = CreateClient();

    public HttpMirrorTransport(TimeSpan timeout)
        : this(timeout, MirrorCredentials.None, string.Empty, new RegistryTokens())
    {
    }

    /// <summary>Media types the server may answer with (an OCI registry needs them for manifests); none: any.</summary>
    public IReadOnlyList<string> Accept { get; init; } = [];

    public async Task<MirrorResponse> DownloadAsync(Uri url, string? etag, string temporaryFile, CancellationToken cancellationToken, long maxLength = -1)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await SendAsync(url, etag, limit.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return MirrorResponse.NotModified;
            }

            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                return MirrorResponse.NotFound with { Answer = string.Format(CultureInfo.InvariantCulture, "HTTP {0} {1}", (int)response.StatusCode, response.ReasonPhrase) };
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new MirrorFetchException(string.Format(Messages.MirrorCauseHttpStatus, url, (int)response.StatusCode, response.ReasonPhrase));
            }

            if (maxLength >= 0 && response.Content.Headers.ContentLength is { } announced && announced > maxLength)
            {
                throw new MirrorFetchException(string.Format(CultureInfo.InvariantCulture, Messages.MirrorCauseTooLarge, url, announced, maxLength));
            }

            // Older handlers do not all stop a stalled body read on cancellation; disposing the response does.
            using var abort = limit.Token.Register(response.Dispose);
#if NETSTANDARD2_0
            using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#else
            using var body = await response.Content.ReadAsStreamAsync(limit.Token).ConfigureAwait(false);
#endif
            var (sha256, length) = await Sha256Copier.CopyAsync(body, temporaryFile, limit.Token, maxLength, url).ConfigureAwait(false);
            if (response.Content.Headers.ContentLength is { } expected && expected != length)
            {
                throw new MirrorFetchException(string.Format(Messages.MirrorCauseTruncated, url, length, expected));
            }

            var digest = response.Headers.TryGetValues("Docker-Content-Digest", out var digests) ? digests.FirstOrDefault() : null;
            return new MirrorResponse(MirrorResponseStatus.Ok, sha256, length, response.Headers.ETag?.ToString() ?? digest);
        }
        catch (Exception e) when (e is not MirrorFetchException && limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new MirrorFetchException(string.Format(Messages.MirrorCauseTimeout, url, timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)), e);
        }
        catch (HttpRequestException e)
        {
            throw new MirrorFetchException(string.Format(Messages.MirrorCauseNetwork, url, Innermost(e)), e);
        }
        catch (IOException e)
        {
            throw new MirrorFetchException(string.Format(Messages.MirrorCauseNetwork, url, Innermost(e)), e);
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The final response for <paramref name="url"/>: redirects followed, one authentication challenge answered.</summary>
    private async Task<HttpResponseMessage> SendAsync(Uri url, string? etag, CancellationToken cancellationToken)
    {
        var target = url;
        // Credentials belong to the mirror's host; a redirect elsewhere is sent without them.
        var authority = url.GetLeftPart(UriPartial.Authority);
        var authorization = Initial(authority);
        var answered = false;
        for (var hops = 0; ; hops++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, target);
            if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag))
            {
                request.Headers.IfNoneMatch.Add(tag);
            }

            foreach (var type in Accept)
            {
                request.Headers.Accept.ParseAdd(type);
            }

            var sameHost = string.Equals(target.GetLeftPart(UriPartial.Authority), authority, StringComparison.OrdinalIgnoreCase);
            if (authorization is not null && sameHost)
            {
                request.Headers.Authorization = authorization;
            }

            var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location && hops < MaxRedirects)
            {
                target = location.IsAbsoluteUri ? location : new Uri(target, location);
                response.Dispose();
                continue;
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized && sameHost && !answered)
            {
                answered = true;
                var challenges = AuthChallenge.Of(response.Headers.WwwAuthenticate);
                var answer = await AnswerAsync(challenges, authority, cancellationToken).ConfigureAwait(false);
                if (answer is not null)
                {
                    authorization = answer;
                    response.Dispose();
                    continue;
                }
            }

            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                var status = (int)response.StatusCode;
                response.Dispose();
                if (authorization?.Scheme == "Bearer" && tokens.Find(TokenKey(authority)) is not null)
                {
                    tokens.Forget(TokenKey(authority));
                }

                throw new MirrorFetchException(string.Format(CultureInfo.InvariantCulture, Messages.MirrorAccessDenied, mirror, status, target.GetLeftPart(UriPartial.Path), credentials.Describe())) { AccessDenied = true };
            }

            return response;
        }
    }

    private AuthenticationHeaderValue? Initial(string authority)
    {
        if (credentials.HasToken)
        {
            return new AuthenticationHeaderValue("Bearer", credentials.Token);
        }

        return tokens.Find(TokenKey(authority)) is { } token ? new AuthenticationHeaderValue("Bearer", token) : null;
    }

    /// <summary>What to send after a 401, or null when there is nothing more to try.</summary>
    private async Task<AuthenticationHeaderValue?> AnswerAsync(IReadOnlyList<AuthChallenge> challenges, string authority, CancellationToken cancellationToken)
    {
        foreach (var challenge in challenges)
        {
            if (challenge.NamesTokenService)
            {
                var token = await TokenAsync(challenge, new Uri(authority), cancellationToken).ConfigureAwait(false);
                tokens.Keep(TokenKey(authority), token.Value, token.Lifetime);
                return new AuthenticationHeaderValue("Bearer", token.Value);
            }

            if (challenge.IsBasic && credentials.HasUserAndPassword)
            {
                return Basic();
            }
        }

        return null;
    }

    /// <summary>A token from the challenge's realm, asked with Basic credentials when there are some (Docker's token protocol).</summary>
    private async Task<(string Value, TimeSpan Lifetime)> TokenAsync(AuthChallenge challenge, Uri registry, CancellationToken cancellationToken)
    {
        var tokenUrl = challenge.TokenUrl(registry);
        using var request = new HttpRequestMessage(HttpMethod.Get, tokenUrl);
        if (credentials.HasUserAndPassword)
        {
            request.Headers.Authorization = Basic();
        }

        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new MirrorFetchException(string.Format(CultureInfo.InvariantCulture, Messages.MirrorAccessDenied, mirror, (int)response.StatusCode, tokenUrl.GetLeftPart(UriPartial.Path), credentials.Describe())) { AccessDenied = true };
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new MirrorFetchException(string.Format(Messages.MirrorCauseTokenService, tokenUrl.GetLeftPart(UriPartial.Path), string.Format(CultureInfo.InvariantCulture, "HTTP {0} {1}", (int)response.StatusCode, response.ReasonPhrase)));
            }

            #if NETSTANDARD2_0
            var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
#else
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
#endif
            if (bytes.Length > MaxTokenBytes)
            {
                throw new MirrorFetchException(string.Format(Messages.MirrorCauseTokenService, tokenUrl.GetLeftPart(UriPartial.Path), Messages.MirrorTokenNotJson));
            }

            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            var token = Text(root, "token") ?? Text(root, "access_token")
                ?? throw new MirrorFetchException(string.Format(Messages.MirrorCauseTokenService, tokenUrl.GetLeftPart(UriPartial.Path), Messages.MirrorTokenNotJson));
            // Docker's token protocol: 60 s when the service does not say.
            var seconds = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var s) && s > 0 ? s : 60;
            return (token, TimeSpan.FromSeconds(Math.Max(1, seconds - 5)));
        }
        catch (JsonException)
        {
            throw new MirrorFetchException(string.Format(Messages.MirrorCauseTokenService, tokenUrl.GetLeftPart(UriPartial.Path), Messages.MirrorTokenNotJson));
        }
        catch (HttpRequestException e)
        {
            throw new MirrorFetchException(string.Format(Messages.MirrorCauseTokenService, tokenUrl.GetLeftPart(UriPartial.Path), Innermost(e)), e);
        }
    }

    private AuthenticationHeaderValue Basic() =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials.User + ":" + credentials.Password)));

    // Tokens answer to the credentials that fetched them: another user's build in the same node gets its own.
    private string TokenKey(string authority)
    {
        if (!credentials.HasUserAndPassword)
        {
            return authority + "|anonymous";
        }

#if NETSTANDARD2_0
        using var sha = SHA256.Create();
        var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(credentials.User + "\0" + credentials.Password));
#else
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(credentials.User + "\0" + credentials.Password));
#endif
        return authority + "|" + HexText.Of(digest);
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;

    private static HttpClient CreateClient()
    {
        // The timeout is enforced per request with a CancellationTokenSource (it must cover the body too).
        var client = new HttpClient(SharedHandler, disposeHandler: false) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("CacheTasks/" + typeof(HttpMirrorTransport).Assembly.GetName().Version?.ToString(3));
        return client;
    }

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }
}
