using System.Globalization;
using System.Net;
using System.Net.Http;

namespace CacheTasks.Mirrors;

/// <summary>
/// Mirror requests over http(s). Proxies come from the environment the way .NET's default handler reads
/// them (<c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c>, <c>NO_PROXY</c> on .NET; the system proxy on .NET Framework).
/// Every request, body included, is bounded by the timeout, so a build never hangs on the network.
/// </summary>
internal sealed class HttpMirrorTransport(TimeSpan timeout) : IMirrorTransport
{
    // One handler for the process: connections are pooled across builds in the same MSBuild node.
    private static readonly HttpClientHandler SharedHandler = new() { AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate };

    private readonly HttpClient _client = CreateClient();

    public async Task<MirrorResponse> DownloadAsync(Uri url, string? etag, string temporaryFile, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (etag is not null && System.Net.Http.Headers.EntityTagHeaderValue.TryParse(etag, out var tag))
            {
                request.Headers.IfNoneMatch.Add(tag);
            }

            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return MirrorResponse.NotModified;
            }

            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                return MirrorResponse.NotFound;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new MirrorFetchException(string.Format(Messages.MirrorCauseHttpStatus, url, (int)response.StatusCode, response.ReasonPhrase));
            }

            // Older handlers do not all stop a stalled body read on cancellation; disposing the response does.
            using var abort = limit.Token.Register(response.Dispose);
#if NETSTANDARD2_0
            using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#else
            using var body = await response.Content.ReadAsStreamAsync(limit.Token).ConfigureAwait(false);
#endif
            var (sha256, length) = await Sha256Copier.CopyAsync(body, temporaryFile, limit.Token).ConfigureAwait(false);
            if (response.Content.Headers.ContentLength is { } expected && expected != length)
            {
                throw new MirrorFetchException(string.Format(Messages.MirrorCauseTruncated, url, length, expected));
            }

            return new MirrorResponse(MirrorResponseStatus.Ok, sha256, length, response.Headers.ETag?.ToString());
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
