using CacheTasks.Diagnostics;

namespace CacheTasks.Mirrors;

/// <summary>
/// The refresh and fallback policy, the same for every mirror kind: keeps a mirror's build-cache index
/// in the per-user cache, revalidates it as <c>SpackCatalogRefresh</c> says, and falls back to the last
/// good copy (CT2003) when the mirror cannot be reached. With nothing cached, an unreachable mirror is
/// CT2002. How the index is found is the layouts' business (<see cref="IBuildCacheLayout"/>); how a
/// request travels is the transport's (<see cref="IMirrorTransport"/>).
/// </summary>
internal static class MirrorFetcher
{
    /// <summary>
    /// The cached index, current as the policy asks, or null when there is none (what went wrong is
    /// added to <paramref name="diagnostics"/>). The layouts are tried in order, the one the cache last
    /// found first; when none has an index, <paramref name="noIndex"/> is the cause.
    /// </summary>
    public static MirrorIndex? Fetch(MirrorUrl url, IMirrorTransport transport, IReadOnlyList<IBuildCacheLayout> layouts, string noIndex, MirrorOptions options, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var cache = new MirrorCache(options.CacheDirectory ?? MirrorCache.DefaultRoot(), url);
        var started = options.Clock();
        var cached = cache.ReadUsableEntry();
        if (options.Refresh == MirrorRefresh.Never)
        {
            if (cached is not null)
            {
                return cache.Index(cached);
            }

            diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyCatalogSource, DiagnosticSeverity.Error, string.Format(Messages.MirrorOfflineNoCache, url, cache.Folder)));
            return null;
        }

        if (options.Refresh == MirrorRefresh.Auto && cached is not null && started - cached.CheckedAt < options.MaxAge)
        {
            return cache.Index(cached);
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
                return cache.Index(current);
            }

            RefreshAsync(url, transport, layouts, noIndex, cache, current, options, cancellationToken).GetAwaiter().GetResult();
            return cache.Index(cache.ReadUsableEntry() ?? throw new MirrorFetchException(string.Format(Messages.MirrorCauseCache, cache.Folder, cache.EntryPath)));
        }
        catch (MirrorFetchException e) when (e.AccessDenied)
        {
            // One coded error that names the variables; the cached copy (if any) still lets the check run.
            diagnostics.Add(new Diagnostic(DiagnosticCodes.MirrorAccessDenied, DiagnosticSeverity.Error, e.Message));
            return cache.ReadUsableEntry() is { } usable ? cache.Index(usable) : null;
        }
        catch (MirrorFetchException e)
        {
            return Fallback(url, cache, e.Message, options, diagnostics);
        }
        catch (MirrorCredentialsException e)
        {
            // An error, not a quiet fallback: the mirror is there and says no. The cached copy (if any) still
            // lets the check run, so the build shows every other finding beside this one.
            diagnostics.Add(new Diagnostic(DiagnosticCodes.MirrorAccessDenied, DiagnosticSeverity.Error, string.Format(Messages.MirrorCredentialsRefused, url, e.Message)));
            return cache.ReadUsableEntry() is { } usable ? cache.Index(usable) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fallback(url, cache, string.Format(Messages.MirrorCauseCache, cache.Folder, e.Message), options, diagnostics);
        }
    }

    /// <summary>
    /// What a first response already decides: false when this layout has no index (try the other),
    /// true when the cached copy is still current (304), null when a new file was downloaded.
    /// </summary>
    internal static bool? Settled(MirrorResponse response, Uri url, MirrorCache cache, MirrorCacheEntry? known, MirrorOptions options)
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

    private static MirrorIndex? Fallback(MirrorUrl url, MirrorCache cache, string cause, MirrorOptions options, List<Diagnostic> diagnostics)
    {
        var usable = cache.ReadUsableEntry();
        if (usable is null)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyCatalogSource, DiagnosticSeverity.Error, string.Format(Messages.MirrorUnavailable, url, cause)));
            return null;
        }

        var age = MirrorAge.Format(options.Clock() - usable.CheckedAt);
        diagnostics.Add(new Diagnostic(DiagnosticCodes.MirrorNotRefreshed, DiagnosticSeverity.Warning, string.Format(Messages.MirrorNotRefreshed, url, cause, age)));
        return cache.Index(usable);
    }

    // A refresh makes at most four requests (manifest, blob, hash file, index), each bounded by the timeout.
    private static TimeSpan LockWait(MirrorOptions options) => TimeSpan.FromTicks(options.Timeout.Ticks * 4) + TimeSpan.FromSeconds(5);

    private static async Task RefreshAsync(MirrorUrl url, IMirrorTransport transport, IReadOnlyList<IBuildCacheLayout> layouts, string noIndex, MirrorCache cache, MirrorCacheEntry? current, MirrorOptions options, CancellationToken cancellationToken)
    {
        // Spack 1.0 looks for layout v3 first and falls back to v2; a mirror known to use one layout is asked for it first.
        MirrorCredentialsException? refused = null;
        foreach (var layout in layouts.OrderBy(l => l.Layout == current?.Layout ? 0 : 1))
        {
            var known = current?.Layout == layout.Layout ? current : null;
            bool found;
            try
            {
                found = await layout.RefreshAsync(url, transport, cache, known, options, cancellationToken).ConfigureAwait(false);
            }
            catch (MirrorCredentialsException e)
            {
                // S3 answers 403, not 404, for a missing object when the reader may not list the bucket:
                // a refusal only counts if the other layout has no index either, and then the first one is named.
                refused ??= e;
                continue;
            }

            if (found)
            {
                return;
            }
        }

        if (refused is not null)
        {
            throw refused;
        }

        throw new MirrorFetchException(noIndex);
    }
}
