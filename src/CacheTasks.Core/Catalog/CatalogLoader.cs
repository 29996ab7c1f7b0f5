using System.Buffers;
using System.Globalization;
using CacheTasks.Diagnostics;
using CacheTasks.Mirrors;

namespace CacheTasks.Catalog;

/// <summary>
/// Loads the catalog from the sources <c>SpackCatalog</c> names: folders (searched recursively for
/// <c>*.md</c> pages and <c>index.json</c> mirror indexes), single pages, single indexes (any
/// <c>.json</c> file named directly), and <c>file://</c> URLs, in any mix. Files that are neither
/// pages nor indexes are ignored. A file that cannot be read is skipped with CT2001 and the rest
/// is used; a source that does not exist or holds nothing is CT2002.
/// </summary>
public static class CatalogLoader
{
    private const string PageExtension = ".md";

    /// <summary>Spack layouts nest about 6 folders deep; deeper is a link loop the link check could not see.</summary>
    private const int MaxFolderDepth = 64;

    /// <summary>The largest page read (1 GiB); the biggest real pages are a few MB.</summary>
    private const long MaxPageBytes = 1L << 30;

    public static CatalogLoadResult Load(IReadOnlyList<string> sources, CancellationToken cancellationToken = default) =>
        Load(sources, CatalogLoadOptions.Default, cancellationToken);

    public static CatalogLoadResult Load(IReadOnlyList<string> sources, CatalogLoadOptions options, CancellationToken cancellationToken = default)
    {
        var diagnostics = new List<Diagnostic>();
        if (sources.Count == 0)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyCatalogSource, DiagnosticSeverity.Error, Messages.CatalogNotSet));
            return new CatalogLoadResult(new SpackCatalog(sources, []), diagnostics);
        }

        var startedAt = DateTime.UtcNow.Ticks;
        var cache = options.CacheDirectory is null ? null : CatalogCache.Load(options.CacheDirectory);
        var listings = new List<CatalogCache.RootListing>();
        var relisted = false;
        // What a later incremental build compares (CatalogSnapshot): taken from this load's own
        // listing and stamps, so the check lists the catalog once.
        var snapshot = options.TakeSnapshot ? new List<CatalogSnapshotEntry>() : null;
        var snapshotTrusted = true;

        // Each source keeps its own files, so that one holding no page at all can be named.
        var filesBySource = new List<(string Source, List<CatalogFile> Files)>();
        foreach (var source in sources)
        {
            var path = LocalPath(source, options.Mirrors, diagnostics, cancellationToken);
            if (path is null)
            {
                continue;
            }

            // Mirror URLs are dated by their own cache, not by a snapshot.
            var snapshotted = snapshot is not null && !MirrorUrl.IsUrl(source);
            if (Directory.Exists(path))
            {
                var root = new DirectoryInfo(path).FullName;
                if (cache?.Unchanged(root, cancellationToken) is { } known)
                {
                    filesBySource.Add((source, known.Files.Select(f => new CatalogFile(f.Path, f.IsIndex, f.FolderTag, Info: null)).ToList()));
                    listings.Add(new CatalogCache.RootListing(root, known.Folders, known.Files));
                    if (snapshotted)
                    {
                        snapshot!.AddRange(known.Folders.Select(f => new CatalogSnapshotEntry(f.Folder, IsFolder: true, 0, f.Time)));
                    }
                }
                else
                {
                    var folders = cache is null && !snapshotted ? null : new List<(string, long)>();
                    var reported = diagnostics.Count;
                    var files = FilesIn(source, root, folders, diagnostics);
                    // A folder skipped (unreadable, a link loop) can become readable without any
                    // time changing: such a listing cannot be dated.
                    snapshotTrusted &= !snapshotted || (files is not null && diagnostics.Count == reported);
                    if (files is null)
                    {
                        continue;
                    }

                    if (snapshotted)
                    {
                        snapshot!.AddRange(folders!.Select(f => new CatalogSnapshotEntry(f.Item1, IsFolder: true, 0, f.Item2)));
                    }

                    filesBySource.Add((source, files));
                    relisted = cache is not null;
                    // A listing that skipped a folder is not kept, so its warning comes back next time.
                    if (cache is not null && folders is not null && diagnostics.Count == reported)
                    {
                        listings.Add(new CatalogCache.RootListing(root, folders, files.Select(f => new CatalogCache.CachedFile(f.Path, f.IsIndex, f.FolderTag)).ToList()));
                    }
                }
            }
            else if (File.Exists(path))
            {
                var isIndex = string.Equals(Path.GetExtension(path), ".json", StringComparison.OrdinalIgnoreCase);
                filesBySource.Add((source, [new CatalogFile(path, isIndex, FolderTag: null, Info: null)]));
            }
            else
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyCatalogSource, DiagnosticSeverity.Error, string.Format(Messages.CatalogSourceMissing, source)));
                if (snapshotted)
                {
                    snapshot!.Add(new CatalogSnapshotEntry(source, IsFolder: false, -1, 0));
                }
            }
        }

        var allFiles = filesBySource.SelectMany(s => s.Files).ToList();
        var results = ReadFiles(allFiles, cache, stamp: cache is not null || snapshot is not null, options, cancellationToken);
        var catalog = new SpackCatalog.Builder(sources);
        var next = 0;
        foreach (var (source, sourceFiles) in filesBySource)
        {
            var pagesInSource = 0;
            var skippedInSource = 0;
            var snapshotted = snapshot is not null && !MirrorUrl.IsUrl(source);
            for (var i = 0; i < sourceFiles.Count; i++, next++)
            {
                var result = results[next];
                if (snapshotted)
                {
                    // Stamped before the file was read: a page written during the check is a change next time.
                    snapshot!.Add(result.Stamp is { } seen
                        ? new CatalogSnapshotEntry(seen.Path, IsFolder: false, seen.Size, seen.ModifiedTicks)
                        : new CatalogSnapshotEntry(sourceFiles[i].Path, IsFolder: false, -1, 0));
                }

                if (result.Error is not null)
                {
                    diagnostics.Add(result.Error);
                    skippedInSource++;
                }
                else if (result.Specs is not null)
                {
                    catalog.Add(result.Specs);
                    pagesInSource++;
                }
                else if (result.Cached?.Groups is { } groups)
                {
                    foreach (var group in groups)
                    {
                        catalog.AddDeferred(group.Name, group.Count, () => cache!.Decode(group));
                    }

                    pagesInSource++;
                }
            }

            // A source whose only pages were skipped has been reported already (CT2001).
            if (pagesInSource == 0 && skippedInSource == 0)
            {
                diagnostics.Add(EmptySource(source));
            }
        }

        if (cache is not null)
        {
            SaveCache(options.CacheDirectory!, cache, startedAt, listings, relisted, allFiles, results);
        }

        return new CatalogLoadResult(catalog.Build(), diagnostics)
        {
            Snapshot = snapshot is not null && snapshotTrusted ? new CatalogSnapshot(snapshot) : null,
        };
    }

    /// <summary>
    /// Pages and indexes under a folder, in a stable order; a legacy page's tag comes from its
    /// folder. With <paramref name="folders"/>, also every folder's time, taken before it is listed.
    /// A folder that cannot be listed, or a link back to a folder being read, is skipped with
    /// CT2001 (CT2002 for the source itself), so a permission or a loop never stops the build.
    /// </summary>
    internal static List<CatalogFile>? FilesIn(string source, string root, List<(string, long)>? folders, List<Diagnostic> diagnostics)
    {
        var files = new List<CatalogFile>();
        var rootLength = root.Length;
        var rootInfo = new DirectoryInfo(root);
        folders?.Add((rootInfo.FullName, rootInfo.LastWriteTimeUtc.Ticks));
        var level = new List<PendingFolder> { new(rootInfo, RealPath(rootInfo) ?? rootInfo.FullName, 0, root) };
        while (level.Count > 0)
        {
            var listings = ListAll(level, timesNeeded: folders is not null);
            var next = new List<PendingFolder>();
            for (var i = 0; i < level.Count; i++)
            {
                var (current, realPath, depth, parent) = level[i];
                if (listings[i].Error is { } e)
                {
                    if (depth == 0)
                    {
                        diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyCatalogSource, DiagnosticSeverity.Error, string.Format(Messages.CatalogSourceUnreadable, source, e.Message.TrimEnd('.')), new SourceLocation(current.FullName)));
                        return null;
                    }

                    // Past PATH_MAX .NET lists a folder with an empty name; the folder it is in is the best place to point at.
                    var where = current.FullName.Length > 0 ? current.FullName : parent;
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.UnreadableCatalogFile, DiagnosticSeverity.Warning, string.Format(Messages.CatalogFolderUnreadable, e.Message.TrimEnd('.')), new SourceLocation(where)));
                    continue;
                }

                foreach (var entry in listings[i].Entries!)
                {
                    if (entry is DirectoryInfo folder)
                    {
                        var folderReal = FolderRealPath(folder, realPath);
                        if (folderReal is null || depth + 1 > MaxFolderDepth)
                        {
                            var reason = folderReal is null ? string.Format(Messages.SymbolicLinkLoop, folder.FullName) : string.Format(Messages.CatalogFolderTooDeep, MaxFolderDepth);
                            diagnostics.Add(new Diagnostic(DiagnosticCodes.UnreadableCatalogFile, DiagnosticSeverity.Warning, string.Format(Messages.CatalogFolderUnreadable, reason), new SourceLocation(folder.FullName)));
                            continue;
                        }

                        folders?.Add((folder.FullName, folder.LastWriteTimeUtc.Ticks));
                        next.Add(new PendingFolder(folder, folderReal, depth + 1, current.FullName.Length > 0 ? current.FullName : parent));
                    }
                    else if (string.Equals(entry.Name, MirrorIndexReader.IndexFileName, StringComparison.OrdinalIgnoreCase))
                    {
                        files.Add(new CatalogFile(entry.FullName, IsIndex: true, FolderTag: null, (FileInfo)entry));
                    }
                    else if (entry.Name.EndsWith(PageExtension, StringComparison.OrdinalIgnoreCase))
                    {
                        var path = entry.FullName;
                        files.Add(new CatalogFile(path, IsIndex: false, TagFolder(path.Substring(rootLength)), (FileInfo)entry));
                    }
                }
            }

            level = next;
        }

        files.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    /// <summary>
    /// Lists one level of folders, several at once: listing is mostly time in the kernel, and a
    /// catalog's thousands of package folders sit on one level. The folders' own times and link
    /// flags (a stat each) are read here too, in parallel, for the serial pass that follows.
    /// </summary>
    private static FolderListing[] ListAll(List<PendingFolder> level, bool timesNeeded)
    {
        var listings = new FolderListing[level.Count];
        if (level.Count == 1)
        {
            listings[0] = List(level[0].Folder, timesNeeded);
        }
        else
        {
            Parallel.For(0, level.Count, i => listings[i] = List(level[i].Folder, timesNeeded));
        }

        return listings;
    }

    private static FolderListing List(DirectoryInfo folder, bool timesNeeded)
    {
        try
        {
            // FileInfo from the listing carries the size and time the cache needs: no second stat per file.
            var entries = folder.GetFileSystemInfos();
            foreach (var entry in entries)
            {
                if (entry is DirectoryInfo)
                {
                    // Reads and keeps the entry's status (attributes and times come from one stat).
                    _ = timesNeeded ? entry.LastWriteTimeUtc.Ticks : (long)entry.Attributes;
                }
            }

            return new FolderListing(entries, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return new FolderListing(null, e);
        }
    }

    /// <summary>
    /// Where a folder really is: below its parent for a plain folder, the link's final target for a
    /// symbolic link; null for a link that leads back to the parent or above it (a loop).
    /// </summary>
    private static string? FolderRealPath(DirectoryInfo folder, string parentRealPath)
    {
        var plain = parentRealPath.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar + folder.Name;
#if NETSTANDARD2_0
        // No link API here; the depth limit stops a loop instead.
        return plain;
#else
        // The listing already knows which entries are links: no extra call for a plain folder.
        if ((folder.Attributes & FileAttributes.ReparsePoint) == 0)
        {
            return plain;
        }

        var target = RealPath(folder);
        if (target is null)
        {
            return null;
        }

        if (string.Equals(target, folder.FullName, StringComparison.Ordinal))
        {
            return plain;
        }

        var parent = parentRealPath.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return parent.StartsWith(target.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? null : target;
#endif
    }

    private static string? RealPath(DirectoryInfo folder)
    {
#if NETSTANDARD2_0
        return folder.FullName;
#else
        try
        {
            return folder.LinkTarget is null ? folder.FullName : folder.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        }
        catch (IOException)
        {
            // A link to itself, or a chain too long to follow.
            return null;
        }
#endif
    }

    // Pages live at <tag>/<package>/specs.md; legacy pages name no tag, so the folder gives it.
    // A page directly under the source (<package>/specs.md) has none.
    private static string? TagFolder(string relativePath)
    {
        var parts = relativePath.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 ? parts[parts.Length - 3] : null;
    }

    // The one place a URL becomes a file: MirrorFetcher downloads (or finds in its cache) the mirror's
    // index and returns its local path, or reports CT2002/CT2003 itself.
    private static string? LocalPath(string source, MirrorOptions mirrors, List<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        MirrorUrl.IsUrl(source) ? MirrorFetcher.Resolve(source, mirrors, diagnostics, cancellationToken) : source;

    private static Diagnostic EmptySource(string source) =>
        new(DiagnosticCodes.EmptyCatalogSource, DiagnosticSeverity.Error, string.Format(Messages.CatalogSourceEmpty, source));

    private static FileResult[] ReadFiles(List<CatalogFile> files, CatalogCache? cache, bool stamp, CatalogLoadOptions options, CancellationToken cancellationToken)
    {
        var results = new FileResult[files.Count];
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : -1,
        };
        // One interner per thread: values repeat across pages, and sharing needs no locks this way.
        Parallel.For(
            0,
            files.Count,
            parallel,
            () => new CatalogInterner(),
            (i, _, interner) =>
            {
                results[i] = ReadFile(files[i], cache, stamp, interner);
                return interner;
            },
            _ => { });
        return results;
    }

    private static FileResult ReadFile(CatalogFile file, CatalogCache? cache, bool stampFirst, CatalogInterner interner)
    {
        CatalogFileStamp? stamp = null;
        try
        {
            if (stampFirst)
            {
                stamp = CatalogFileStamp.Of(file.Path, file.Info, file.FolderTag);
                if (cache is not null && cache.TryGet(stamp.Value, out var cached))
                {
                    return new FileResult(null, cached, null, stamp);
                }
            }

            if (file.IsIndex)
            {
                return new FileResult(MirrorIndexReader.Read(file.Path, File.ReadAllBytes(file.Path)), null, null, stamp);
            }

            // Pages are read into a pooled buffer: a fresh array per page would be garbage
            // (and, for the large pages, large-object-heap garbage) as soon as the page is parsed.
            using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            if (stream.Length > MaxPageBytes)
            {
                // A length past int.MaxValue made the buffer size negative (an exception, CT9001); no real page comes near.
                throw new CatalogFormatException(string.Format(CultureInfo.InvariantCulture, Messages.PageErrorTooLarge, stream.Length, MaxPageBytes), 0, 0);
            }

            var length = (int)stream.Length;
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
            try
            {
                var read = 0;
                int got;
                while (read < buffer.Length && (got = stream.Read(buffer, read, buffer.Length - read)) > 0)
                {
                    read += got;
                }

                return new FileResult(CatalogPageReader.Read(file.Path, buffer.AsSpan(0, read), file.FolderTag, interner), null, null, stamp);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (CatalogFormatException e)
        {
            return new FileResult(null, null, Skipped(new SourceLocation(file.Path, e.Line, e.Column), e.Message), stamp);
        }
        catch (IOException e)
        {
            return new FileResult(null, null, Skipped(new SourceLocation(file.Path), e.Message), stamp);
        }
        catch (UnauthorizedAccessException e)
        {
            return new FileResult(null, null, Skipped(new SourceLocation(file.Path), e.Message), stamp);
        }
    }

    /// <summary>
    /// Rewrites the cache when a file was read from disk, a folder was listed again or an entry
    /// went away. Files that failed are not kept, so their warnings come back next time.
    /// </summary>
    private static void SaveCache(string directory, CatalogCache cache, long startedAt, List<CatalogCache.RootListing> listings, bool relisted, List<CatalogFile> files, FileResult[] results)
    {
        var changed = relisted;
        var kept = 0;
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].Error is null && results[i].Stamp is not null)
            {
                kept++;
                changed |= results[i].Cached is null;
            }
        }

        if (!changed && kept == cache.Count)
        {
            return;
        }

        var entries = new List<(CatalogFileStamp, bool, IReadOnlyList<CatalogSpec>?)>(kept);
        for (var i = 0; i < results.Length; i++)
        {
            var result = results[i];
            if (result.Error is null && result.Stamp is { } stamp)
            {
                var specs = result.Cached is { } cached
                    ? cached.Groups?.SelectMany(cache.Decode).ToList()
                    : result.Specs;
                entries.Add((stamp, files[i].IsIndex, specs));
            }
        }

        CatalogCache.Save(directory, startedAt, listings, entries);
    }

    // Reasons from the OS and the YAML parser end in '.', and the message goes on after them.
    private static Diagnostic Skipped(SourceLocation location, string reason) =>
        new(DiagnosticCodes.UnreadableCatalogFile, DiagnosticSeverity.Warning, string.Format(Messages.CatalogFileSkipped, reason.TrimEnd('.')), location);

    internal sealed record CatalogFile(string Path, bool IsIndex, string? FolderTag, FileInfo? Info);

    private readonly record struct PendingFolder(DirectoryInfo Folder, string RealPath, int Depth, string Parent);

    private readonly record struct FolderListing(FileSystemInfo[]? Entries, Exception? Error);

    private sealed record FileResult(IReadOnlyList<CatalogSpec>? Specs, CatalogCache.Entry? Cached, Diagnostic? Error, CatalogFileStamp? Stamp);
}
