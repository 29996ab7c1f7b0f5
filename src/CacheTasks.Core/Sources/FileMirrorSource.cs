using CacheTasks.Catalog;
using CacheTasks.Diagnostics;
using CacheTasks.Mirrors;

namespace CacheTasks.Sources;

/// <summary>
/// A <c>file://</c> mirror. Its old-layout <c>build_cache/index.json</c> is read in place; a v3 blob has no
/// file name to read it by, so it is verified and copied into the cache like a download; a folder with
/// neither is searched like a local folder.
/// </summary>
public sealed class FileMirrorSource : UrlSource
{
    public override string Name => "file-mirror";

    public override IReadOnlyList<string> Schemes { get; } = ["file"];

    public override CatalogSource Resolve(string text, SourceContext context, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var url = MirrorUrl.Parse(text);
        if (url is null)
        {
            return new CatalogSource(text, Name);
        }

        var local = url.Uri.LocalPath;
        if (File.Exists(Path.Combine([local, .. BuildCachePaths.IndexManifest])))
        {
            using var files = new FileMirrorTransport();
            var options = context.Mirrors with { Refresh = MirrorRefresh.Always };
            return Cached(text, MirrorFetcher.Fetch(url, files, HttpMirrorSource.Layouts, string.Format(Messages.MirrorCauseNoIndex, url), options, diagnostics, cancellationToken));
        }

        var legacy = Path.Combine([local, .. BuildCachePaths.LegacyIndex]);
        if (File.Exists(legacy))
        {
            return new CatalogSource(text, Name) { Files = [new CatalogSourceFile(legacy, IsIndex: true)] };
        }

        // A plain folder or file behind file://: read as the local kinds read it, named as written.
        return SourceKinds.Of(local)!.Resolve(local, context, diagnostics, cancellationToken) with { Written = text };
    }
}
