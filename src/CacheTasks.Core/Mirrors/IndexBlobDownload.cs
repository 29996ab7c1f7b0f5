using System.Globalization;
using CacheTasks.IO;

namespace CacheTasks.Mirrors;

/// <summary>
/// The content-addressed half of layout v3 and OCI: the index blob a manifest names is downloaded, must
/// be that blob (its SHA-256 the manifest's, as Spack's <c>fetch_blob</c> checks) before anything uses
/// it, is unpacked when gzipped, and becomes the cached index. A failure throws
/// <see cref="MirrorFetchException"/> and leaves the cached copy as it was.
/// </summary>
internal sealed record IndexBlobDownload(Uri BlobUrl, string Sha256, Uri ManifestUrl, string? ManifestETag, BuildCacheLayout Layout)
{
    /// <summary>
    /// The largest index blob a manifest may announce: far more than a build cache's index needs. A
    /// manifest giving more is broken or hostile and is refused before a byte of the blob is downloaded,
    /// so that it cannot fill the disk the cache is on.
    /// </summary>
    internal const long MaxIndexBytes = 4L << 30;

    /// <summary>Gzipped or not; null to look at the blob's first bytes (OCI layers say nothing reliable about it).</summary>
    public bool? Gzip { get; init; }

    /// <summary>The size the manifest gives, or -1: a longer body is refused unread, a shorter one is truncated.</summary>
    public long Size { get; init; } = -1;

    public async Task CommitAsync(MirrorUrl url, IMirrorTransport transport, MirrorCache cache, MirrorOptions options, CancellationToken cancellationToken)
    {
        if (Size > MaxIndexBytes)
        {
            throw new MirrorFetchException(string.Format(CultureInfo.InvariantCulture, Messages.MirrorCauseIndexTooLarge, ManifestUrl, Size, MaxIndexBytes));
        }

        var blobFile = cache.NewTemporaryFile();
        var indexFile = cache.NewTemporaryFile();
        try
        {
            var blob = await transport.DownloadAsync(BlobUrl, null, blobFile, cancellationToken, Size).ConfigureAwait(false);
            if (blob.Status != MirrorResponseStatus.Ok)
            {
                // The manifest is there and the blob it names is not: say so, with the server's own answer.
                throw new MirrorFetchException(string.Format(Messages.MirrorCauseBlobMissing, ManifestUrl, Sha256, BlobUrl, blob.Answer ?? Messages.MirrorAnswerNotFound));
            }

            if (Size >= 0 && blob.Length != Size)
            {
                throw new MirrorFetchException(string.Format(CultureInfo.InvariantCulture, Messages.MirrorCauseBlobShort, BlobUrl, blob.Length, ManifestUrl, Size));
            }

            if (!string.Equals(blob.Sha256, Sha256, StringComparison.Ordinal))
            {
                throw new MirrorFetchException(string.Format(Messages.MirrorCauseChecksum, BlobUrl, blob.Sha256, ManifestUrl, Sha256));
            }

            var committed = blobFile;
            if (Gzip ?? IsGzip(blobFile))
            {
                GzipBlob.Decompress(blobFile, indexFile, BlobUrl);
                committed = indexFile;
            }

            cache.CommitIndex(committed, url, Layout, Sha256, ManifestETag, options);
        }
        finally
        {
            AtomicFile.TryDelete(blobFile);
            AtomicFile.TryDelete(indexFile);
        }
    }

    // The gzip magic number, 1f 8b.
    private static bool IsGzip(string file)
    {
        using var stream = File.OpenRead(file);
        return stream.ReadByte() == 0x1f && stream.ReadByte() == 0x8b;
    }
}
