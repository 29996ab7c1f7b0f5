namespace CacheTasks.Mirrors;

/// <summary>Gets one file of a mirror: over http(s) (with the mirror's credentials), or from a local folder for <c>file://</c> mirrors.</summary>
internal interface IMirrorTransport : IDisposable
{
    /// <summary>
    /// Downloads <paramref name="url"/> into <paramref name="temporaryFile"/>, hashing it on the way; with an
    /// <paramref name="etag"/>, asks for it only if it changed. A body longer than <paramref name="maxLength"/>
    /// (when not negative) is refused without being read further. Failures throw <see cref="MirrorFetchException"/>.
    /// </summary>
    Task<MirrorResponse> DownloadAsync(Uri url, string? etag, string temporaryFile, CancellationToken cancellationToken, long maxLength = -1);
}
