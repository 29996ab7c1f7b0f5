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
            var blobFile = cache.NewTemporaryFile();
            var indexFile = blob.Compression == "gzip" ? cache.NewTemporaryFile() : blobFile;
            try
            {
                var downloaded = await transport.DownloadAsync(blobUrl, null, blobFile, cancellationToken).ConfigureAwait(false);
                if (downloaded.Status != MirrorResponseStatus.Ok)
                {
                    throw new MirrorFetchException(string.Format(Messages.MirrorCauseHttpStatus, blobUrl, 404, "Not Found"));
                }

                // As Spack's fetch_blob does: the blob must be the one the manifest names, before anything uses it.
                if (!string.Equals(downloaded.Sha256, blob.Checksum, StringComparison.Ordinal))
                {
                    throw new MirrorFetchException(string.Format(Messages.MirrorCauseChecksum, blobUrl, downloaded.Sha256, manifestUrl, blob.Checksum));
                }

                if (blob.Compression == "gzip")
                {
                    GzipBlob.Decompress(blobFile, indexFile, blobUrl);
                }

                var size = new FileInfo(indexFile).Length;
                MirrorCache.Commit(indexFile, cache.IndexPath);
                var now = options.Clock();
                cache.WriteEntry(new MirrorCacheEntry { Url = url.Text, Layout = BuildCacheLayout.V3, Hash = blob.Checksum, Size = size, ETag = manifest.ETag, FetchedAt = now, CheckedAt = now });
                return true;
            }
            finally
            {
                AtomicFile.TryDelete(blobFile);
                AtomicFile.TryDelete(indexFile);
            }
        }
        finally
        {
            AtomicFile.TryDelete(manifestFile);
        }
    }
}
