using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace CacheTasks.Mirrors.S3;

/// <summary>
/// Gets the files of an <c>s3://bucket/prefix</c> mirror with the AWS SDK: a GET of the object
/// <c>prefix/…</c>, with the cached ETag as <c>If-None-Match</c> so an unchanged index costs no body, as
/// over HTTPS. Credentials come from <see cref="S3CredentialChain"/> (resolved on the first request, so a
/// build whose cached index is fresh never looks for them); the endpoint is the mirror entry's
/// <c>endpoint_url</c>, else <c>S3_ENDPOINT_URL</c>, else AWS. A refusal (401/403) is a
/// <see cref="MirrorCredentialsException"/>, any other failure a <see cref="MirrorFetchException"/>.
/// </summary>
internal sealed class S3MirrorTransport(S3Settings settings, Func<string, string?> environment, TimeSpan timeout) : IMirrorTransport
{
    public const string EndpointVariable = "S3_ENDPOINT_URL";

    private AmazonS3Client? _client;
    private S3Credentials? _credentials;

    /// <summary>The endpoint as Spack reads it: the mirror entry's first, then <c>S3_ENDPOINT_URL</c>; https:// when it has no scheme.</summary>
    public static string? Endpoint(S3Settings settings, Func<string, string?> environment)
    {
        var endpoint = settings.EndpointUrl is { Length: > 0 } configured ? configured : environment(EndpointVariable);
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        return endpoint!.Contains("://") ? endpoint : "https://" + endpoint;
    }

    public async Task<MirrorResponse> DownloadAsync(Uri url, string? etag, string temporaryFile, CancellationToken cancellationToken, long maxLength = -1)
    {
        var client = Client();
        var request = new GetObjectRequest
        {
            BucketName = url.Host,
            Key = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')),
            EtagToNotMatch = etag,
        };

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await client.GetObjectAsync(request, limit.Token).ConfigureAwait(false);
            if (response.HttpStatusCode == HttpStatusCode.NotModified)
            {
                return MirrorResponse.NotModified;
            }

            if (maxLength >= 0 && response.ContentLength > maxLength)
            {
                throw new MirrorFetchException(string.Format(System.Globalization.CultureInfo.InvariantCulture, Messages.MirrorCauseTooLarge, url, response.ContentLength, maxLength));
            }

            // Older handlers do not all stop a stalled body read on cancellation; disposing the response does.
            using var abort = limit.Token.Register(response.Dispose);
            var (sha256, length) = await Sha256Copier.CopyAsync(response.ResponseStream, temporaryFile, limit.Token, maxLength, url).ConfigureAwait(false);
            if (response.ContentLength >= 0 && response.ContentLength != length)
            {
                throw new MirrorFetchException(string.Format(Messages.MirrorCauseTruncated, url, length, response.ContentLength));
            }

            return new MirrorResponse(MirrorResponseStatus.Ok, sha256, length, response.ETag);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotModified)
        {
            return MirrorResponse.NotModified;
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return MirrorResponse.NotFound;
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            throw new MirrorCredentialsException(string.Format(Messages.S3Refused, url, (int)e.StatusCode, e.ErrorCode ?? e.StatusCode.ToString(), _credentials!.Source), e);
        }
        catch (Exception e) when (e is not MirrorFetchException && limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw TransportFailure.Timeout(url, timeout, e);
        }
        catch (AmazonS3Exception e)
        {
            throw new MirrorFetchException(string.Format(Messages.MirrorCauseHttpStatus, url, (int)e.StatusCode, e.ErrorCode ?? e.Message), e);
        }
        catch (AmazonClientException e)
        {
            throw TransportFailure.Network(url, e);
        }
        catch (Exception e) when (e is IOException or System.Net.Http.HttpRequestException or WebException)
        {
            throw TransportFailure.Network(url, e);
        }
    }

    public void Dispose() => _client?.Dispose();

    private AmazonS3Client Client()
    {
        if (_client is not null)
        {
            return _client;
        }

        _credentials = S3CredentialChain.Resolve(settings, environment);
        var config = new AmazonS3Config
        {
            // The timeout is enforced per request with a CancellationTokenSource, body included, as over HTTPS;
            // no retries, so a mirror that is down costs one timeout, not five.
            Timeout = timeout,
            MaxErrorRetry = 0,
            // Nothing but the mirror is asked: no endpoint or region from the SDK's own configuration lookups.
            IgnoreConfiguredEndpointUrls = true,
        };
        var region = Region();
        if (Endpoint(settings, environment) is { } endpoint)
        {
            // S3-compatible services (MinIO, Ceph, s3rver) and addresses without DNS take bucket names in the path.
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region.SystemName;
        }
        else
        {
            config.RegionEndpoint = region;
        }

        _client = _credentials.Credentials is { } credentials ? new AmazonS3Client(credentials, config) : new AmazonS3Client(new AnonymousAWSCredentials(), config);
        return _client;
    }

    /// <summary>The region boto3 would use: <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, the profile's, else us-east-1.</summary>
    private RegionEndpoint Region()
    {
        var name = environment("AWS_REGION") is { Length: > 0 } region ? region
            : environment("AWS_DEFAULT_REGION") is { Length: > 0 } fallback ? fallback
            : ProfileRegion();
        return RegionEndpoint.GetBySystemName(name ?? "us-east-1");
    }

    private string? ProfileRegion()
    {
        var profile = settings.Profile ?? S3CredentialChain.DefaultProfile(environment);
        return S3CredentialChain.Profiles(environment).TryGetProfile(profile, out var found) ? found.Region?.SystemName : null;
    }
}
