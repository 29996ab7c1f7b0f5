using CacheTasks.Diagnostics;
using CacheTasks.Mirrors;

namespace CacheTasks.Catalog;

/// <summary>
/// Loads the catalog from the sources <c>SpackCatalog</c> names: folders (searched recursively for
/// pages), single pages, and <c>file://</c> URLs. A file that cannot be read is skipped with CT2001
/// and the rest is used; a source that does not exist or holds nothing is CT2002.
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
        var filesBySource = new List<(string Source, List<string> Files)>();
        foreach (var source in sources)
        {
            var path = LocalPath(source, options.Mirrors, diagnostics, cancellationToken);
            if (path is null)
            {
                continue;
            }

            if (Directory.Exists(path))
            {
                filesBySource.Add((source, Directory.EnumerateFiles(path, "*" + PageExtension, SearchOption.AllDirectories)
                    .OrderBy(f => f, StringComparer.Ordinal)
                    .ToList()));
            }
            else if (File.Exists(path))
            {
                filesBySource.Add((source, [path]));
            }
            else
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyCatalogSource, DiagnosticSeverity.Error, string.Format(Messages.CatalogSourceMissing, source)));
            }
        }

        var files = filesBySource.SelectMany(s => s.Files).ToList();
        var pages = ReadPages(files, cancellationToken);
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

        return new CatalogLoadResult(new SpackCatalog(sources, specs), diagnostics);
    }

    // The one place a URL becomes a file: MirrorFetcher downloads (or finds in its cache) the mirror's
    // index and returns its local path, or reports CT2002/CT2003 itself.
    private static string? LocalPath(string source, MirrorOptions mirrors, List<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        MirrorUrl.IsUrl(source) ? MirrorFetcher.Resolve(source, mirrors, diagnostics, cancellationToken) : source;

    private static Diagnostic EmptySource(string source) =>
        new(DiagnosticCodes.EmptyCatalogSource, DiagnosticSeverity.Error, string.Format(Messages.CatalogSourceEmpty, source));

    private static PageResult[] ReadPages(List<string> files, CancellationToken cancellationToken)
    {
        var results = new PageResult[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            results[i] = ReadPage(files[i]);
        });
        return results;
    }

    private static PageResult ReadPage(string file)
    {
        try
        {
            var text = File.ReadAllText(file);
            return new PageResult(CatalogPageReader.Read(file, text), null);
        }
        catch (CatalogFormatException e)
        {
            return new PageResult(null, Skipped(new SourceLocation(file, e.Line, e.Column), e.Message));
        }
        catch (IOException e)
        {
            return new PageResult(null, Skipped(new SourceLocation(file), e.Message));
        }
        catch (UnauthorizedAccessException e)
        {
            return new PageResult(null, Skipped(new SourceLocation(file), e.Message));
        }
    }

    private static Diagnostic Skipped(SourceLocation location, string reason) =>
        new(DiagnosticCodes.UnreadableCatalogFile, DiagnosticSeverity.Warning, string.Format(Messages.CatalogFileSkipped, reason), location);

    private sealed record PageResult(IReadOnlyList<CatalogSpec>? Specs, Diagnostic? Error);
}
