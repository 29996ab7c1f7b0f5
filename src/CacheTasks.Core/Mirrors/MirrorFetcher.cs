using System.IO.Compression;
using CacheTasks.Diagnostics;
using CacheTasks.IO;

namespace CacheTasks.Mirrors;

/// <summary>
/// Turns a mirror URL in <c>SpackCatalog</c> into a local <c>index.json</c> the catalog loader reads like
/// any other: downloads the mirror's build-cache index into the per-user cache, revalidates it as
/// <c>SpackCatalogRefresh</c> says, and falls back to the last good copy (CT2003) when the mirror cannot
/// be reached. With nothing cached, an unreachable mirror is CT2002.
/// </summary>
public static class MirrorFetcher
{
    /// <summary>
    /// The local path for a URL source (a cached index, or for a <c>file://</c> source the local file or
    /// folder), or null when there is none; what went wrong is added to <paramref name="diagnostics"/>.
    /// </summary>
    public static string? Resolve(string source, MirrorOptions options, List<Diagnostic> diagnostics, CancellationToken cancellationToken = default)
    {
        var url = MirrorUrl.Parse(source);
        if (url is null)
        {
            return null;
        }

        if (!url.IsFile)
        {
            using var http = new HttpMirrorTransport(options.Timeout);
            return Fetch(url, http, options, diagnostics, cancellationToken);
        }

        // A local mirror needs no cache for the old layout: its build_cache/index.json is read in place.
        // A v3 blob has no file name to read it by, so it is verified and copied into the cache like a download.
        var local = url.Uri.LocalPath;
        if (File.Exists(Path.Combine([local, .. BuildCachePaths.IndexManifest])))
        {
            using var files = new FileMirrorTransport();
            return Fetch(url, files, options with { Refresh = MirrorRefresh.Always }, diagnostics, cancellationToken);
        }

        var legacy = Path.Combine([local, .. BuildCachePaths.LegacyIndex]);
        return File.Exists(legacy) ? legacy : local;
    }

    private static string? Fetch(MirrorUrl url, IMirrorTransport transport, MirrorOptions options, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var cache = new MirrorCache(options.CacheDirectory ?? MirrorCache.DefaultRoot(), url);
        var started = options.Clock();
        var cached = cache.ReadUsableEntry();
        if (options.Refresh == MirrorRefresh.Never)
        {
            if (cached is not null)
            {
                return cache.IndexPath;
            }

            diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyCatalogSource, DiagnosticSeverity.Error, string.Format(Messages.MirrorOfflineNoCache, url, cache.Folder)));
            return null;
        }

        if (options.Refresh == MirrorRefresh.Auto && cached is not null && started - cached.CheckedAt < options.MaxAge)
        {
            return cache.IndexPath;
        }

        try
        {
            using var held = MirrorLock.Acquire(cache.LockPath, LockWait(options), cancellationToken)
                ?? throw new MirrorFetchException(string.Format(Messages.MirrorCauseLocked, cache.Folder, (int)LockWait(options).TotalSeconds));

            cache.DeleteTemporaries();

            // Another build (or project) may have refreshed the index while this one waited for the lock.
            var current = cache.ReadUsableEntry();
            if (current is not null && current.CheckedAt >= started)
            {
                return cache.IndexPath;
            }

            RefreshAsync(url, transport, cache, current, options, cancellationToken).GetAwaiter().GetResult();
            return cache.IndexPath;
        }
        catch (MirrorFetchException e)
        {
            return Fallback(url, cache, e.Message, options, diagnostics);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fallback(url, cache, string.Format(Messages.MirrorCauseCache, cache.Folder, e.Message), options, diagnostics);
        }
    }

    private static string? Fallback(MirrorUrl url, MirrorCache cache, string cause, MirrorOptions options, List<Diagnostic> diagnostics)
    {
        var usable = cache.ReadUsableEntry();
        if (usable is null)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyCatalogSource, DiagnosticSeverity.Error, string.Format(Messages.MirrorUnavailable, url, cause)));
            return null;
        }

        var age = MirrorAge.Format(options.Clock() - usable.CheckedAt);
        diagnostics.Add(new Diagnostic(DiagnosticCodes.MirrorNotRefreshed, DiagnosticSeverity.Warning, string.Format(Messages.MirrorNotRefreshed, url, cause, age)));
        return cache.IndexPath;
    }

    // A refresh makes at most four requests (manifest, blob, hash file, index), each bounded by the timeout.
    private static TimeSpan LockWait(MirrorOptions options) => TimeSpan.FromTicks(options.Timeout.Ticks * 4) + TimeSpan.FromSeconds(5);

    private static async Task RefreshAsync(MirrorUrl url, IMirrorTransport transport, MirrorCache cache, MirrorCacheEntry? current, MirrorOptions options, CancellationToken cancellationToken)
    {
        // Spack 1.0 looks for layout v3 first and falls back to v2; a mirror known to be v2 is asked in that order.
        BuildCacheLayout[] layouts = current?.Layout == BuildCacheLayout.V2 ? [BuildCacheLayout.V2, BuildCacheLayout.V3] : [BuildCacheLayout.V3, BuildCacheLayout.V2];
        foreach (var layout in layouts)
        {
            var found = layout == BuildCacheLayout.V3
                ? await RefreshV3Async(url, transport, cache, current, options, cancellationToken).ConfigureAwait(false)
                : await RefreshV2Async(url, transport, cache, current, options, cancellationToken).ConfigureAwait(false);
            if (found)
            {
                return;
            }
        }

        throw new MirrorFetchException(string.Format(Messages.MirrorCauseNoIndex, url));
    }

    /// <summary>
    /// What a first response already decides: false when this layout has no index (try the other),
    /// true when the cached copy is still current (304), null when a new file was downloaded.
    /// </summary>
    private static bool? Settled(MirrorResponse response, Uri url, MirrorCache cache, MirrorCacheEntry? known, MirrorOptions options)
    {
        switch (response.Status)
        {
            case MirrorResponseStatus.NotFound:
                return false;
            case MirrorResponseStatus.NotModified when known is not null:
                cache.WriteEntry(known with { CheckedAt = options.Clock() });
                return true;
            case MirrorResponseStatus.NotModified:
                // A 304 to a request that sent no ETag is the server's mistake, not a current copy.
                throw new MirrorFetchException(string.Format(Messages.MirrorCauseHttpStatus, url, 304, "Not Modified"));
            default:
                return null;
        }
    }

    private static async Task<bool> RefreshV3Async(MirrorUrl url, IMirrorTransport transport, MirrorCache cache, MirrorCacheEntry? current, MirrorOptions options, CancellationToken cancellationToken)
    {
        var manifestUrl = url.Combine(BuildCachePaths.IndexManifest);
        var known = current?.Layout == BuildCacheLayout.V3 ? current : null;
        var manifestFile = cache.NewTemporaryFile();
        try
        {
            var manifest = await transport.DownloadAsync(manifestUrl, known?.ETag, manifestFile, cancellationToken).ConfigureAwait(false);
            if (Settled(manifest, manifestUrl, cache, known, options) is { } manifestSettled)
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
                    Decompress(blobFile, indexFile, blobUrl);
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

    private static async Task<bool> RefreshV2Async(MirrorUrl url, IMirrorTransport transport, MirrorCache cache, MirrorCacheEntry? current, MirrorOptions options, CancellationToken cancellationToken)
    {
        var known = current?.Layout == BuildCacheLayout.V2 ? current : null;
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
            if (Settled(index, indexUrl, cache, known, options) is { } indexSettled)
            {
                return indexSettled;
            }

            // Spack tolerates an index that disagrees with its hash file (a mirror caught mid-update). CacheTasks
            // keeps its last good copy instead and tries again on the next build: a cached index must be whole.
            if (remoteHash is not null && !string.Equals(index.Sha256, remoteHash, StringComparison.Ordinal))
            {
                throw new MirrorFetchException(string.Format(Messages.MirrorCauseChecksum, indexUrl, index.Sha256, hashUrl, remoteHash));
            }

            MirrorCache.Commit(indexFile, cache.IndexPath);
            var now = options.Clock();
            cache.WriteEntry(new MirrorCacheEntry { Url = url.Text, Layout = BuildCacheLayout.V2, Hash = index.Sha256!, Size = index.Length, ETag = index.ETag, FetchedAt = now, CheckedAt = now });
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

    private static void Decompress(string gzipFile, string target, Uri blobUrl)
    {
        try
        {
            using var source = new GZipStream(File.OpenRead(gzipFile), CompressionMode.Decompress);
            using var output = File.Create(target);
            source.CopyTo(output);
        }
        catch (InvalidDataException e)
        {
            throw new MirrorFetchException(string.Format(Messages.MirrorCauseDecompress, blobUrl, e.Message), e);
        }
    }
}
