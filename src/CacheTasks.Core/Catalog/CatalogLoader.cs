using CacheTasks.Diagnostics;

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

        // Each source keeps its own files, so that one holding no page at all can be named.
        var filesBySource = new List<(string Source, List<CatalogFile> Files)>();
        foreach (var source in sources)
        {
            var path = LocalPath(source, diagnostics);
            if (path is null)
            {
                continue;
            }

            if (Directory.Exists(path))
            {
                filesBySource.Add((source, FilesIn(path)));
            }
            else if (File.Exists(path))
            {
                var isIndex = string.Equals(Path.GetExtension(path), ".json", StringComparison.OrdinalIgnoreCase);
                filesBySource.Add((source, [new CatalogFile(path, isIndex, FolderTag: null, Info: null)]));
            }
            else
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyCatalogSource, DiagnosticSeverity.Error, string.Format(Messages.CatalogSourceMissing, source)));
            }
        }

        var files = filesBySource.SelectMany(s => s.Files).ToList();
        var cache = options.CacheDirectory is null ? null : CatalogCache.Load(options.CacheDirectory);
        var pages = ReadFiles(files, cache, options, cancellationToken);
        var specs = new List<CatalogSpec>();
        var next = 0;
        foreach (var (source, sourceFiles) in filesBySource)
        {
            var pagesInSource = 0;
            var skippedInSource = 0;
            for (var i = 0; i < sourceFiles.Count; i++, next++)
            {
                var page = pages[next];
                if (page.Error is not null)
                {
                    diagnostics.Add(page.Error);
                    skippedInSource++;
                }
                else if (page.Specs is not null)
                {
                    specs.AddRange(page.Specs);
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
            SaveCache(options.CacheDirectory!, cache, pages);
        }

        return new CatalogLoadResult(new SpackCatalog(sources, specs), diagnostics);
    }

    /// <summary>Pages and indexes under a folder, in a stable order; a legacy page's tag comes from its folder.</summary>
    private static List<CatalogFile> FilesIn(string folder)
    {
        var files = new List<CatalogFile>();
        var root = new DirectoryInfo(folder);
        var rootLength = root.FullName.Length;
        // FileInfo from the enumeration carries the size and time the cache needs: no second stat per file.
        foreach (var file in root.EnumerateFiles("*", SearchOption.AllDirectories))
        {
            var name = file.Name;
            if (string.Equals(name, MirrorIndexReader.IndexFileName, StringComparison.OrdinalIgnoreCase))
            {
                files.Add(new CatalogFile(file.FullName, IsIndex: true, FolderTag: null, file));
            }
            else if (name.EndsWith(PageExtension, StringComparison.OrdinalIgnoreCase))
            {
                var path = file.FullName;
                files.Add(new CatalogFile(path, IsIndex: false, TagFolder(path.Substring(rootLength)), file));
            }
        }

        files.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    // Pages live at <tag>/<package>/specs.md; legacy pages name no tag, so the folder gives it.
    // A page directly under the source (<package>/specs.md) has none.
    private static string? TagFolder(string relativePath)
    {
        var parts = relativePath.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 ? parts[parts.Length - 3] : null;
    }

    private static string? LocalPath(string source, List<Diagnostic> diagnostics)
    {
        if (source.StartsWith("file://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(source, UriKind.Absolute, out var fileUri))
        {
            return fileUri.LocalPath;
        }

        if (source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyCatalogSource, DiagnosticSeverity.Error, string.Format(Messages.CatalogMirrorNotSupported, source)));
            return null;
        }

        return source;
    }

    private static Diagnostic EmptySource(string source) =>
        new(DiagnosticCodes.EmptyCatalogSource, DiagnosticSeverity.Error, string.Format(Messages.CatalogSourceEmpty, source));

    private static FileResult[] ReadFiles(List<CatalogFile> files, CatalogCache? cache, CatalogLoadOptions options, CancellationToken cancellationToken)
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
                results[i] = ReadFile(files[i], cache, interner);
                return interner;
            },
            _ => { });
        return results;
    }

    private static FileResult ReadFile(CatalogFile file, CatalogCache? cache, CatalogInterner interner)
    {
        CatalogFileStamp? stamp = null;
        try
        {
            if (cache is not null)
            {
                stamp = CatalogFileStamp.Of(file.Path, file.Info, file.FolderTag);
                if (cache.TryGet(stamp.Value, out var cached))
                {
                    return new FileResult(cached, null, stamp, FromCache: true);
                }
            }

            var bytes = File.ReadAllBytes(file.Path);
            var specs = file.IsIndex
                ? MirrorIndexReader.Read(file.Path, bytes)
                : CatalogPageReader.Read(file.Path, bytes, file.FolderTag, interner);
            return new FileResult(specs, null, stamp, FromCache: false);
        }
        catch (CatalogFormatException e)
        {
            return new FileResult(null, Skipped(new SourceLocation(file.Path, e.Line, e.Column), e.Message), null, FromCache: false);
        }
        catch (IOException e)
        {
            return new FileResult(null, Skipped(new SourceLocation(file.Path), e.Message), null, FromCache: false);
        }
        catch (UnauthorizedAccessException e)
        {
            return new FileResult(null, Skipped(new SourceLocation(file.Path), e.Message), null, FromCache: false);
        }
    }

    /// <summary>Rewrites the cache when anything was read from disk or an entry went away; files that failed are not kept.</summary>
    private static void SaveCache(string directory, CatalogCache cache, FileResult[] results)
    {
        var entries = new List<(CatalogFileStamp, IReadOnlyList<CatalogSpec>?)>(results.Length);
        var changed = false;
        foreach (var result in results)
        {
            if (result.Error is null && result.Stamp is { } stamp)
            {
                entries.Add((stamp, result.Specs));
                changed |= !result.FromCache;
            }
        }

        if (changed || entries.Count != cache.Count)
        {
            CatalogCache.Save(directory, entries);
        }
    }

    private static Diagnostic Skipped(SourceLocation location, string reason) =>
        new(DiagnosticCodes.UnreadableCatalogFile, DiagnosticSeverity.Warning, string.Format(Messages.CatalogFileSkipped, reason), location);

    private sealed record CatalogFile(string Path, bool IsIndex, string? FolderTag, FileInfo? Info);

    private sealed record FileResult(IReadOnlyList<CatalogSpec>? Specs, Diagnostic? Error, CatalogFileStamp? Stamp, bool FromCache);
}
