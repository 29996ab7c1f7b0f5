using System.Text.Json;
using CacheTasks.IO;

namespace CacheTasks.Mirrors;

/// <summary>
/// An OCI registry build cache, read as Spack's <c>OCIIndexFetcher</c> (binary_distribution.py) reads
/// it: the manifest tagged <c>index.spack</c> names the index as its first layer; the layer's digest is
/// compared with the cached copy's (the same digest: nothing downloaded), the blob is fetched and its
/// SHA-256 must be the digest, else it is refused and the cached copy kept. The index is an ordinary
/// database <c>index.json</c>, whatever media type the layer declares.
/// </summary>
internal sealed class OciLayout : IBuildCacheLayout
{
    /// <summary>What a registry may answer for a manifest (Spack asks for the OCI type; Docker's is the same shape).</summary>
    public static readonly IReadOnlyList<string> ManifestTypes = ["application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json"];

    /// <summary>A manifest is a few hundred bytes; a registry answering megabytes is not serving one.</summary>
    private const long MaxManifestBytes = 4L << 20;

    public BuildCacheLayout Layout => BuildCacheLayout.Oci;

    public async Task<bool> RefreshAsync(MirrorUrl url, IMirrorTransport transport, MirrorCache cache, MirrorCacheEntry? known, MirrorOptions options, CancellationToken cancellationToken)
    {
        var repository = new OciRepository(url);
        var manifestUrl = repository.Manifest(OciRepository.IndexTag);
        var manifestFile = cache.NewTemporaryFile();
        try
        {
            var manifest = await transport.DownloadAsync(manifestUrl, null, manifestFile, cancellationToken, MaxManifestBytes).ConfigureAwait(false);
            if (manifest.Status == MirrorResponseStatus.NotFound)
            {
                return false;
            }

            var (digest, size) = IndexLayer(File.ReadAllBytes(manifestFile), manifestUrl);
            if (known is not null && string.Equals(known.Hash, digest, StringComparison.Ordinal))
            {
                // The tag still names the index this cache holds: nothing to download.
                cache.WriteEntry(known with { ETag = manifest.ETag, CheckedAt = options.Clock() });
                return true;
            }

            // Spack stores the index as plain JSON; a gzipped layer is unpacked all the same.
            var download = new IndexBlobDownload(repository.Blob(digest), digest, manifestUrl, manifest.ETag, BuildCacheLayout.Oci) { Size = size };
            await download.CommitAsync(url, transport, cache, options, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            AtomicFile.TryDelete(manifestFile);
        }
    }

    /// <summary>The first layer's SHA-256 (64 hex digits) and size (-1 when not given), as Spack takes <c>manifest["layers"][0]</c>.</summary>
    internal static (string Sha256, long Size) IndexLayer(byte[] manifest, Uri manifestUrl)
    {
        try
        {
            using var document = JsonDocument.Parse(manifest);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array || layers.GetArrayLength() == 0)
            {
                throw Unusable(manifestUrl, Messages.OciManifestNoLayer);
            }

            var layer = layers[0];
            var digest = layer.ValueKind == JsonValueKind.Object && layer.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : string.Empty;
            const string Prefix = "sha256:";
            var hex = digest.StartsWith(Prefix, StringComparison.Ordinal) ? digest.Substring(Prefix.Length) : string.Empty;
            if (hex.Length != 64 || !hex.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                throw Unusable(manifestUrl, string.Format(Messages.OciManifestDigest, digest));
            }

            var size = layer.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var n) && n >= 0 ? n : -1;
            return (hex, size);
        }
        catch (JsonException e)
        {
            throw Unusable(manifestUrl, e.Message);
        }
    }

    private static MirrorFetchException Unusable(Uri url, string reason) =>
        new(string.Format(Messages.MirrorCauseManifest, url, reason));
}
