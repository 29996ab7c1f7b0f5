using CacheTasks.IO;

namespace CacheTasks.Mirrors;

/// <summary>
/// Layout v3 (Spack 1.0 and later): <c>v3/manifests/index/index.manifest.json</c> names a
/// content-addressed blob; see <see cref="BuildCachePaths"/> for the Spack sources this follows.
/// </summary>
internal sealed class V3Layout : IBuildCacheLayout
{
    public BuildCacheLayout Layout => BuildCacheLayout.V3;

    public async Task<bool> RefreshAsync(MirrorUrl url, IMirrorTransport transport, MirrorCache cache, MirrorCacheEntry? known, MirrorOptions options, CancellationToken cancellationToken)
    {
        var manifestUrl = url.Combine(BuildCachePaths.IndexManifest);
        var manifestFile = cache.NewTemporaryFile();
        try
        {
            var manifest = await transport.DownloadAsync(manifestUrl, known?.ETag, manifestFile, cancellationToken).ConfigureAwait(false);
            if (MirrorFetcher.Settled(manifest, manifestUrl, cache, known, options) is { } manifestSettled)
            {
                return manifestSettled;
            }

            var blob = IndexManifest.Read(File.ReadAllText(manifestFile), manifestUrl);
            if (known is not null && string.Equals(known.Hash, blob.Checksum, StringComparison.Ordinal))
            {
                // The manifest changed but still names the index this cache holds: nothing to download.
                cache.WriteEntry(known with { ETag = manifest.ETag, CheckedAt = options.Clock() });
                return true;
            }

            var blobUrl = url.Combine(BuildCachePaths.Blob(blob.ChecksumAlgorithm, blob.Checksum));
            var download = new IndexBlobDownload(blobUrl, blob.Checksum, manifestUrl, manifest.ETag, BuildCacheLayout.V3) { Gzip = blob.Compression == "gzip" };
            await download.CommitAsync(url, transport, cache, options, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            AtomicFile.TryDelete(manifestFile);
        }
    }
}
