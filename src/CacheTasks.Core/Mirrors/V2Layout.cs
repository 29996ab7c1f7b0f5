using CacheTasks.IO;

namespace CacheTasks.Mirrors;

/// <summary>
/// Layout v2 (before Spack 1.0): <c>build_cache/index.json</c> beside <c>build_cache/index.json.hash</c>;
/// see <see cref="BuildCachePaths"/>.
/// </summary>
internal sealed class V2Layout : IBuildCacheLayout
{
    public BuildCacheLayout Layout => BuildCacheLayout.V2;

    public async Task<bool> RefreshAsync(MirrorUrl url, IMirrorTransport transport, MirrorCache cache, MirrorCacheEntry? known, MirrorOptions options, CancellationToken cancellationToken)
    {
        var hashUrl = url.Combine(BuildCachePaths.LegacyIndexHash);
        var remoteHash = await TryReadHashAsync(transport, cache, hashUrl, cancellationToken).ConfigureAwait(false);
        if (known is not null && remoteHash is not null && string.Equals(known.Hash, remoteHash, StringComparison.Ordinal))
        {
            // Spack's DefaultIndexFetcher: a 64-byte hash file says whether the index changed.
            cache.WriteEntry(known with { CheckedAt = options.Clock() });
            return true;
        }

        var indexUrl = url.Combine(BuildCachePaths.LegacyIndex);
        var indexFile = cache.NewTemporaryFile();
        try
        {
            var index = await transport.DownloadAsync(indexUrl, known?.ETag, indexFile, cancellationToken).ConfigureAwait(false);
            if (MirrorFetcher.Settled(index, indexUrl, cache, known, options) is { } indexSettled)
            {
                return indexSettled;
            }

            // Spack tolerates an index that disagrees with its hash file (a mirror caught mid-update). CacheTasks
            // keeps its last good copy instead and tries again on the next build: a cached index must be whole.
            if (remoteHash is not null && !string.Equals(index.Sha256, remoteHash, StringComparison.Ordinal))
            {
                throw new MirrorFetchException(string.Format(Messages.MirrorCauseChecksum, indexUrl, index.Sha256, hashUrl, remoteHash));
            }

            cache.CommitIndex(indexFile, url, BuildCacheLayout.V2, index.Sha256!, index.ETag, options);
            return true;
        }
        finally
        {
            AtomicFile.TryDelete(indexFile);
        }
    }

    /// <summary>The hash file's 64 hex digits, or null when it is missing or malformed (not an error, as in Spack).</summary>
    private static async Task<string?> TryReadHashAsync(IMirrorTransport transport, MirrorCache cache, Uri hashUrl, CancellationToken cancellationToken)
    {
        var file = cache.NewTemporaryFile();
        try
        {
            var response = await transport.DownloadAsync(hashUrl, null, file, cancellationToken).ConfigureAwait(false);
            if (response.Status != MirrorResponseStatus.Ok || response.Length > 1024)
            {
                return null;
            }

            var text = File.ReadAllText(file).Trim();
            return text.Length == 64 && text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f') ? text : null;
        }
        finally
        {
            AtomicFile.TryDelete(file);
        }
    }
}
