namespace CacheTasks.Mirrors;

/// <summary>A <c>file://</c> mirror: the same layout lookup as over http, read from a local folder (no ETags).</summary>
internal sealed class FileMirrorTransport : IMirrorTransport
{
    public async Task<MirrorResponse> DownloadAsync(Uri url, string? etag, string temporaryFile, CancellationToken cancellationToken, long maxLength = -1)
    {
        var path = url.LocalPath;
        if (!File.Exists(path))
        {
            return MirrorResponse.NotFound;
        }

        try
        {
            using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            var (sha256, length) = await Sha256Copier.CopyAsync(source, temporaryFile, cancellationToken, maxLength, url).ConfigureAwait(false);
            return new MirrorResponse(MirrorResponseStatus.Ok, sha256, length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MirrorFetchException(string.Format(Messages.MirrorCauseNetwork, url, e.Message), e);
        }
    }

    public void Dispose()
    {
    }
}
