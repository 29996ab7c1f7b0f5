namespace CacheTasks.Mirrors;

/// <summary>
/// Where a mirror keeps its build-cache index, relative to the mirror's root, as Spack defines it.
/// </summary>
/// <remarks>
/// Followed from spack/spack, lib/spack/spack/url_buildcache.py (layout v3):
/// <c>URLBuildcacheEntry.COMPONENT_PATHS</c> puts the index manifest at
/// <c>v3/manifests/index/</c> and <c>get_index_url</c> names it <c>index.manifest.json</c>
/// (<c>INDEX_MANIFEST_FILE</c>); <c>get_blob_path_components</c> puts every blob at
/// <c>blobs/&lt;checksumAlgorithm&gt;/&lt;first two characters of checksum&gt;/&lt;checksum&gt;</c> under the
/// mirror root (not under <c>v3/</c>); <c>BuildcacheManifest.from_dict</c>/<c>BlobRecord.from_dict</c> give the
/// manifest's shape (<c>version</c>, <c>data[]</c> of <c>contentLength</c>, <c>mediaType</c>,
/// <c>compression</c>, <c>checksumAlgorithm</c>, <c>checksum</c>); <c>fetch_blob</c> validates the blob's
/// checksum before use; <c>verify_and_extract_manifest</c> accepts a PGP clear-signed manifest.
/// The index's media type is <c>application/vnd.spack.db.v&lt;database version&gt;+json</c>
/// (<c>BUILDCACHE_INDEX_MEDIATYPE</c>). The layout is also described in Spack's docs,
/// lib/spack/docs/file_formats/buildcache (Build Cache Layout).
/// Layout v2 (<c>URLBuildcacheEntryV2</c>, and binary_distribution.py <c>DefaultIndexFetcher</c> /
/// <c>EtagIndexFetcher</c>): <c>build_cache/index.json</c>, with <c>build_cache/index.json.hash</c> holding the
/// 64 hex digits of the index's SHA-256 (<c>get_remote_hash</c>, <c>compute_hash</c>) for cheap
/// revalidation, and ETag/<c>If-None-Match</c> (304 = unchanged) on http(s).
/// Spack 1.0 tries v3 first and falls back to v2; so does CacheTasks.
/// </remarks>
internal static class BuildCachePaths
{
    public static readonly string[] IndexManifest = ["v3", "manifests", "index", "index.manifest.json"];

    public static readonly string[] LegacyIndex = ["build_cache", "index.json"];

    public static readonly string[] LegacyIndexHash = ["build_cache", "index.json.hash"];

    /// <summary>The media type prefix of an index blob in a v3 manifest.</summary>
    public const string IndexMediaTypePrefix = "application/vnd.spack.db.v";

    /// <summary>The blob a v3 manifest names.</summary>
    public static string[] Blob(string checksumAlgorithm, string checksum) =>
        ["blobs", checksumAlgorithm, checksum.Substring(0, 2), checksum];
}
