using CacheTasks.Catalog;
using CacheTasks.Diagnostics;

namespace CacheTasks.Mirrors;

/// <summary>
/// The one place a <c>SpackCatalog</c> URL becomes a file: each mirror URL is downloaded (or found in
/// the mirror cache) by <see cref="MirrorFetcher"/>, local paths are passed on as they are, in the
/// order given. The catalog loader then reads only local files.
/// </summary>
public static class MirrorSources
{
    /// <summary>The sources resolved; what went wrong with a URL (CT2002, CT2003, CT3004) is added to <paramref name="diagnostics"/>.</summary>
    public static IReadOnlyList<CatalogSource> Resolve(IReadOnlyList<string> sources, MirrorOptions options, List<Diagnostic> diagnostics, CancellationToken cancellationToken = default)
    {
        var resolved = new List<CatalogSource>(sources.Count);
        foreach (var source in sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            resolved.Add(MirrorUrl.IsUrl(source)
                ? new CatalogSource(source, MirrorFetcher.Resolve(source, options, diagnostics, cancellationToken), FromMirror: true)
                : CatalogSource.Local(source));
        }

        return resolved;
    }
}
