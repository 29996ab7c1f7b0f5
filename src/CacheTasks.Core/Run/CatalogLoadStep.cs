using System.Diagnostics;
using System.Globalization;
using CacheTasks.Catalog;
using CacheTasks.Diagnostics;
using CacheTasks.IO;
using CacheTasks.Mirrors;
using CacheTasks.Sources;

namespace CacheTasks.Run;

/// <summary>
/// The run's catalog load: the one an earlier project of the same build kept
/// (<see cref="CoverageRunOptions.LoadedCatalogs"/>) when there is one, else a load from the
/// sources through the parsed cache, which it then keeps for the projects after it.
/// </summary>
internal static class CatalogLoadStep
{
    private const string LockFileName = ".lock";

    /// <summary>Longer than a cold load of the largest catalogs; past it the load goes ahead unlocked (the cache's writes are atomic).</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(2);

    /// <remarks>
    /// Mirror URLs become local indexes first (downloaded, or found in the mirror cache, whose
    /// findings go to <paramref name="diagnostics"/>); the loader reads only local files.
    /// </remarks>
    /// <returns>
    /// The load, the sources it read, a note for the build log, and the parsed-catalog folder (null:
    /// none), where the check also saves its catalog snapshot.
    /// </returns>
    public static (CatalogLoadResult Loaded, IReadOnlyList<CatalogSource> Sources, string Note, string? CacheDirectory) Load(CoverageRunOptions options, RunSettings settings, bool takeSnapshot, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var written = settings.CatalogSources;
        var sources = SourceKinds.Resolve(written, new SourceContext(settings.Mirrors) { Credentials = settings.Credentials }, diagnostics, cancellationToken);
        var cacheDirectory = options.ParsedCatalogCacheDirectory
            ?? (options.ShareParsedCatalog && written.Count > 0 ? ParsedCatalogFolder.For(settings.Mirrors.CacheDirectory ?? MirrorCache.DefaultRoot(), written) : null);
        var loadOptions = new CatalogLoadOptions { CacheDirectory = cacheDirectory, TakeSnapshot = takeSnapshot };
        var kept = options.LoadedCatalogs;
        var key = kept is null ? null : Key(sources, loadOptions);
        if (key is not null && kept!.Find(key) is { } earlier)
        {
            return (earlier, sources, string.Format(CultureInfo.CurrentCulture, Messages.CatalogReused, earlier.Catalog.SpecCount, earlier.Catalog.PackageCount), cacheDirectory);
        }

        var watch = Stopwatch.StartNew();
        CatalogLoadResult loaded;
        // The other nodes of a build (and other builds) wait while one parses the catalog into the
        // shared cache, then read that instead of parsing the same pages at the same time.
        using (var held = cacheDirectory is null ? null : TryLock(cacheDirectory, cancellationToken))
        {
            if (held is not null)
            {
                // Under the lock every temporary file in the folder is one a killed build left behind: in a
                // folder shared by every build of the catalog they would otherwise pile up, 9 MB each.
                AtomicFile.DeleteTemporaries(cacheDirectory!);
            }

            loaded = CatalogLoader.Load(sources, loadOptions, cancellationToken);
        }

        watch.Stop();
        // A load that found no catalog is cheap to repeat, and a later project may find the
        // source another target of the same build has written since.
        if (key is not null && !loaded.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            kept!.Keep(key, loaded);
        }

        var note = cacheDirectory is null
            ? string.Format(CultureInfo.CurrentCulture, Messages.CatalogLoaded, loaded.Catalog.SpecCount, loaded.Catalog.PackageCount, watch.ElapsedMilliseconds)
            : string.Format(CultureInfo.CurrentCulture, Messages.CatalogLoadedWithCache, loaded.Catalog.SpecCount, loaded.Catalog.PackageCount, watch.ElapsedMilliseconds, cacheDirectory);
        return (loaded, sources, note, cacheDirectory);
    }

    // A cache folder that cannot be created or locked (read-only, a name the OS refuses) only costs
    // the shortcut: the load then keeps no cache, as the cache itself does when it cannot be written.
    private static MirrorLock? TryLock(string cacheDirectory, CancellationToken cancellationToken)
    {
        try
        {
            return MirrorLock.Acquire(Path.Combine(cacheDirectory, LockFileName), LockWait, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Everything that changes what a load gives: each source as written (reports name them so),
    /// as its kind keys it (a relative path depends on the project's folder), what it resolved to
    /// (a path that did not exist may have been written since) and its state (a mirror's index
    /// digest), where parsed pages are kept, and whether a snapshot is taken.
    /// </summary>
    internal static string Key(IReadOnlyList<CatalogSource> sources, CatalogLoadOptions options)
    {
        var parts = new List<string>
        {
            "snapshot=" + (options.TakeSnapshot ? "1" : "0"),
            "cache=" + options.CacheDirectory,
        };
        parts.AddRange(sources.Select(s => "source=" + s.Written + "|" + SourceKinds.Key(s.Written) + "|" + s.State + "|" + s.Folder + "|" + string.Join("|", s.Files.Select(f => f.Path))));
        return string.Join("\n", parts);
    }
}
