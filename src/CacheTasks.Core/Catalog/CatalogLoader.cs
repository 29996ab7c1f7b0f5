using System.Buffers;
using System.Globalization;
using CacheTasks.Concrete;
using CacheTasks.Diagnostics;
using CacheTasks.IO;

namespace CacheTasks.Catalog;

/// <summary>
/// Reads the files of resolved catalog sources into one catalog: each source's folder (searched
/// recursively for <c>*.md</c> pages and <c>index.json</c> mirror indexes) and the files it names,
/// in order. Which text is which kind of source, and what it gives to read, is decided before this
/// (<c>Sources/SourceKinds</c>); the loader only reads. A file that cannot be read is skipped with
/// CT2001 and the rest is used; a source that holds nothing is CT2002.
/// </summary>
public static partial class CatalogLoader
{
    /// <summary>The largest page read (1 GiB); the biggest real pages are a few MB. Indexes are streamed and have no limit.</summary>
    private const long MaxPageBytes = 1L << 30;

    /// <summary>Loads sources their kinds have resolved (a mirror URL to the index its cache holds).</summary>
    public static CatalogLoadResult Load(IReadOnlyList<CatalogSource> sources, CatalogLoadOptions options, CancellationToken cancellationToken = default)
    {
        var diagnostics = new List<Diagnostic>();
        var written = sources.Select(s => s.Written).ToList();
        if (sources.Count == 0)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyCatalogSource, DiagnosticSeverity.Error, Messages.CatalogNotSet));
            return new CatalogLoadResult(new SpackCatalog(written, []), diagnostics);
        }

        var startedAt = DateTime.UtcNow.Ticks;
        var cache = options.CacheDirectory is null ? null : CatalogCache.Load(options.CacheDirectory);
        var listings = new List<CatalogCache.RootListing>();
        var relisted = false;
        // What a later incremental build compares (CatalogSnapshot): taken from this load's own
        // listing and stamps, so the check lists the catalog once.
        var snapshot = options.TakeSnapshot ? new List<FileStamp>() : null;
        var snapshotTrusted = true;

        // Each source keeps its own files, so that one holding no page at all can be named.
        var filesBySource = new List<(CatalogSource Source, List<CatalogFile> Files)>();
        foreach (var resolved in sources)
        {
            snapshot?.AddRange(resolved.Absent.Select(FileStamp.Absent));
            if (!resolved.HasContent)
            {
                continue;
            }

            var files = new List<CatalogFile>();
            if (resolved.Folder is { } path)
            {
                var root = new DirectoryInfo(path).FullName;
                if (cache?.Unchanged(root, cancellationToken) is { } known)
                {
                    files.AddRange(known.Files.Select(f => new CatalogFile(f.Path, f.IsIndex, f.FolderTag, Info: null)));
                    listings.Add(new CatalogCache.RootListing(root, known.Folders, known.Files));
                    snapshot?.AddRange(known.Folders.Select(f => FileStamp.OfFolder(f.Folder, f.Time)));
                }
                else
                {
                    var folders = cache is null && snapshot is null ? null : new List<(string, long)>();
                    var reported = diagnostics.Count;
                    var found = FilesIn(resolved.Written, root, folders, diagnostics);
                    // A folder skipped (unreadable, a link loop) can become readable without any
                    // time changing: such a listing cannot be dated.
                    snapshotTrusted &= snapshot is null || (found is not null && diagnostics.Count == reported);
                    if (found is null)
                    {
                        continue;
                    }

                    snapshot?.AddRange(folders!.Select(f => FileStamp.OfFolder(f.Item1, f.Item2)));
                    files.AddRange(found);
                    relisted = cache is not null;
                    // A listing that skipped a folder is not kept, so its warning comes back next time.
                    if (cache is not null && folders is not null && diagnostics.Count == reported)
                    {
                        listings.Add(new CatalogCache.RootListing(root, folders, found.Select(f => new CatalogCache.CachedFile(f.Path, f.IsIndex, f.FolderTag)).ToList()));
                    }
                }
            }

            files.AddRange(resolved.Files.Select(f => new CatalogFile(f.Path, f.IsIndex, FolderTag: null, Info: null) { State = f.State, StatedCopy = f.StatedCopy }));
            filesBySource.Add((resolved, files));
        }

        var allFiles = filesBySource.SelectMany(s => s.Files).ToList();
        var results = ReadFiles(allFiles, cache, stamp: cache is not null || snapshot is not null, options, cancellationToken);
        var catalog = new SpackCatalog.Builder(written);
        var next = 0;
        foreach (var (source, sourceFiles) in filesBySource)
        {
            var pagesInSource = 0;
            var skippedInSource = 0;
            for (var i = 0; i < sourceFiles.Count; i++, next++)
            {
                var result = results[next];
                // Stamped before the file was read: a page written during the check is a change next time.
                snapshot?.Add(result.Stamp ?? FileStamp.Absent(sourceFiles[i].Path));

                if (result.Error is not null)
                {
                    diagnostics.Add(result.Error);
                    skippedInSource++;
                }
                else if (result.Specs is not null)
                {
                    catalog.Add(result.Specs);
                    diagnostics.AddRange(result.Warnings ?? []);
                    pagesInSource++;
                }
                else if ((result.Table ?? result.Cached?.Table) is { } table)
                {
                    // An index's specs are built when their package is looked up (IndexTable).
                    foreach (var (name, installs) in table.Packages)
                    {
                        catalog.AddDeferred(name, installs.Length, () => table.Specs(installs), () => table.Facts(installs));
                    }

                    diagnostics.AddRange(result.Warnings ?? []);
                    pagesInSource++;
                }
                else if (result.Page is { } page)
                {
                    // A page checked, not built: its specs are read when its package is looked up.
                    catalog.AddDeferred(page.Name, page.Count, page.Specs, result.Facts!.Facts);
                    pagesInSource++;
                }
                else if (result.Cached is { Groups: { } groups } cached)
                {
                    foreach (var group in groups)
                    {
                        if (cached.Reread)
                        {
                            var reread = new DeferredPage(sourceFiles[i].Path, sourceFiles[i].FolderTag, result.Stamp!.Value, group.Name, group.Count, () => cache!.PageFacts(group));
                            catalog.AddDeferred(group.Name, group.Count, reread.Specs, () => cache!.PageFacts(group).Facts());
                        }
                        else
                        {
                            catalog.AddDeferred(group.Name, group.Count, () => cache!.Decode(group), () => cache!.Facts(group));
                        }
                    }

                    pagesInSource++;
                }
            }

            // A source whose only pages were skipped has been reported already (CT2001).
            if (pagesInSource == 0 && skippedInSource == 0)
            {
                diagnostics.Add(EmptySource(source.Written));
            }
        }

        if (cache is not null)
        {
            SaveCache(options.CacheDirectory!, cache, startedAt, listings, relisted, allFiles, results);
        }

        // The parsed cache's racy-window rule, applied to the snapshot: a time too close to this
        // load could hide a change made in the same clock tick, so such a catalog is checked again.
        snapshotTrusted &= snapshot is not null && snapshot.All(s => s.IsSettledAt(startedAt));
        return new CatalogLoadResult(catalog.Build(), diagnostics)
        {
            Snapshot = snapshotTrusted ? new CatalogSnapshot(snapshot!) : null,
        };
    }

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
        var largestListed = 0L;
        foreach (var file in files)
        {
            largestListed = Math.Max(largestListed, file.IsIndex ? 0 : file.Info?.Length ?? 0);
        }

        var largePages = new LargePageBuffer(largestListed);

        // One interner per thread: values repeat across pages, and sharing needs no locks this way.
        Parallel.For(
            0,
            files.Count,
            parallel,
            () => new CatalogInterner(),
            (i, _, interner) =>
            {
                results[i] = ReadFile(files[i], cache, stamp, interner, largePages);
                return interner;
            },
            _ => { });
        return results;
    }

    private static FileResult ReadFile(CatalogFile file, CatalogCache? cache, bool stampFirst, CatalogInterner interner, LargePageBuffer largePages)
    {
        FileStamp? stamp = null;
        try
        {
            if (stampFirst)
            {
                stamp = FileStamp.Of(file.Path, file.Info);
                // A file whose source states its content (a mirror index's digest) is kept by that
                // state: a copy downloaded again unchanged has a new time and the same content.
                if (cache is not null && (file.State is null ? cache.TryGet(stamp.Value, file.FolderTag, out var cached) : cache.TryGet(file.Path, file.State, out cached)))
                {
                    // An index's installs are read again from the copy there now: the same content
                    // (its state says so), which a new download dated anew.
                    if (cached!.Table is { } table && table.Stamp != stamp.Value)
                    {
                        cached = cached with { Table = table.At(stamp.Value) };
                    }

                    return new FileResult(null, cached, null, stamp) { State = file.State };
                }
            }

            if (file.IsIndex)
            {
                // Skimmed through the reader's own buffer (the file is never held whole) into a
                // table of where each install is; an install is read again from there when its
                // package is looked up, from the file as stamped here.
                var indexStamp = stamp ?? FileStamp.Of(file.Path, file.Info);
                using var index = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
                var problems = new List<CatalogProblem>();
                var table = MirrorIndexReader.ReadTable(file.Path, index, indexStamp, interner, problems, IndexSplit.Of(index, indexStamp));
                var warnings = problems.Select(p => new Diagnostic(DiagnosticCodes.UnreadableCatalogFile, DiagnosticSeverity.Warning, string.Format(Messages.IndexProblemUsed, p.Message), new SourceLocation(file.Path, p.Line, p.Column))).ToList();
                return new FileResult(null, null, null, stamp) { Table = table, Warnings = warnings.Count == 0 ? null : warnings, State = Stated(file, stamp) };
            }

            // A page only checked is read again, when looked up, only while it has this stamp
            // (taken before it is read, so a change during the read is a change).
            var pageStamp = stamp ?? FileStamp.Of(file.Path, file.Info);

#if NETSTANDARD2_0
            using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            var length = stream.Length;
#else
            // A handle, not a FileStream: one fstat for the length and one read per page, where a
            // FileStream took three fstats and a second read to find the end (8,000 pages: 16,000 calls).
            using var handle = File.OpenHandle(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var length = RandomAccess.GetLength(handle);
#endif
            if (length > MaxPageBytes)
            {
                // A length past int.MaxValue made the buffer size negative (an exception, CT9001); no real page comes near.
                throw new CatalogFormatException(string.Format(CultureInfo.InvariantCulture, Messages.PageErrorTooLarge, length, MaxPageBytes), 0, 0);
            }

            // Pooled buffers: a fresh array per page would be garbage as soon as the page is checked.
            // The few pages past the small pooled sizes share one buffer, taken in turn: arrays that
            // large live on the large object heap, and a few megabytes of them (a pooled one per
            // size and thread) cost the load a full collection.
            if (length > LargePageBuffer.Threshold)
            {
                lock (largePages)
                {
                    return ReadPage(largePages.Buffer((int)length));
                }
            }

            var buffer = ArrayPool<byte>.Shared.Rent(Math.Max((int)length, 1));
            try
            {
                return ReadPage(buffer);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            FileResult ReadPage(byte[] buffer)
            {
                var read = 0;
                int got;
#if NETSTANDARD2_0
                while (read < length && (got = stream.Read(buffer, read, (int)length - read)) > 0)
#else
                while (read < length && (got = RandomAccess.Read(handle, buffer.AsSpan(read, (int)length - read), read)) > 0)
#endif
                {
                    read += got;
                }

                // Checked without building its specs when the JSON-line checker vouches for the page
                // (a check looks up a few packages of thousands); any other page is read in full.
                var specs = CatalogPageReader.Read(file.Path, buffer.AsSpan(0, read), file.FolderTag, interner, check: pageStamp.Exists, out var facts);
                var page = facts is null ? null : new DeferredPage(file.Path, file.FolderTag, pageStamp, facts.Name, facts.Count, () => facts);
                return new FileResult(specs, null, null, stamp) { State = Stated(file, stamp), Page = page, Facts = facts };
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
    /// The state a file just read is kept by: its source's, when the file was still the copy the state
    /// was taken of (else another build replaced it since, and what was read may be other content).
    /// </summary>
    private static string? Stated(CatalogFile file, FileStamp? stamp) =>
        file.State is not null && stamp == file.StatedCopy ? file.State : null;

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
            if (Keeps(results[i], files[i]))
            {
                kept++;
                changed |= results[i].Cached is null;
            }
        }

        if (!changed && kept == cache.Count)
        {
            return;
        }

        var entries = new List<(FileStamp, string?, string?, bool, IReadOnlyList<CatalogSpec>?, IndexTable?, PageFacts?)>(kept);
        for (var i = 0; i < results.Length; i++)
        {
            var result = results[i];
            if (Keeps(result, files[i]) && result.Stamp is { } stamp)
            {
                // An index keeps its table and a checked page its facts: writing the cache builds no spec.
                var table = result.Table ?? result.Cached?.Table;
                var facts = result.Facts ?? (result.Cached is { Reread: true, Groups: { Length: 1 } groups } ? cache.PageFacts(groups[0]) : null);
                var specs = table is not null || facts is not null ? null
                    : result.Cached is { } cached ? cached.Groups?.SelectMany(cache.Decode).ToList()
                    : result.Specs;
                entries.Add((stamp, files[i].FolderTag, result.State, files[i].IsIndex, specs, table, facts));
            }
        }

        CatalogCache.Save(directory, startedAt, listings, entries);
    }

    // A file that failed, or was used with warnings, is read again next time so its warnings come back.
    // A stated file that was no longer its stated copy is not kept either: the next load reads it again.
    private static bool Keeps(FileResult result, CatalogFile file) => result.Error is null && result.Warnings is null && result.Stamp is not null && (file.State is null || result.State is not null);

    // Reasons from the OS and the YAML parser end in '.', and the message goes on after them.
    private static Diagnostic Skipped(SourceLocation location, string reason) =>
        new(DiagnosticCodes.UnreadableCatalogFile, DiagnosticSeverity.Warning, string.Format(Messages.CatalogFileSkipped, reason.TrimEnd('.')), location);

    internal sealed record CatalogFile(string Path, bool IsIndex, string? FolderTag, FileInfo? Info)
    {
        /// <summary>What its source says the file holds (<see cref="CatalogSourceFile.State"/>).</summary>
        public string? State { get; init; }

        /// <summary>The file as it stood when <see cref="State"/> was taken.</summary>
        public FileStamp? StatedCopy { get; init; }
    }

    /// <summary>The one buffer of a load's large pages (see <see cref="ReadFile"/>), made at the first, as large as the largest listed.</summary>
    private sealed class LargePageBuffer(long largestListed)
    {
        /// <summary>Larger pages than this (a few in a catalog) would be pooled in arrays on the large object heap.</summary>
        public const int Threshold = 64 * 1024;

        private byte[] _buffer = [];

        /// <summary>A buffer of at least <paramref name="length"/> bytes; only under a lock on this object.</summary>
        public byte[] Buffer(int length)
        {
            if (length > _buffer.Length)
            {
                _buffer = new byte[Math.Max(length, (int)Math.Min(largestListed, MaxPageBytes))];
            }

            return _buffer;
        }
    }

    private sealed record FileResult(IReadOnlyList<CatalogSpec>? Specs, CatalogCache.Entry? Cached, Diagnostic? Error, FileStamp? Stamp)
    {
        /// <summary>Problems in a file that is used all the same (an index install left without part of its graph).</summary>
        public IReadOnlyList<Diagnostic>? Warnings { get; init; }

        /// <summary>A mirror index as read: its specs are built when looked up.</summary>
        public IndexTable? Table { get; init; }

        /// <summary>A page checked, not built (<see cref="Facts"/> says what it holds): its specs are read when looked up.</summary>
        public DeferredPage? Page { get; init; }

        public PageFacts? Facts { get; init; }

        /// <summary>The state the result is kept by in the parsed cache (null: by its stamp).</summary>
        public string? State { get; init; }
    }
}
