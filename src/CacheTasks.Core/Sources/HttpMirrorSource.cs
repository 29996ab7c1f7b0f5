using CacheTasks.Catalog;
using CacheTasks.Diagnostics;
using CacheTasks.Mirrors;

namespace CacheTasks.Sources;

/// <summary>
/// An <c>https://</c> or <c>http://</c> build cache: its index (layout v3, else v2) downloaded into the
/// per-user cache and revalidated as <c>SpackCatalogRefresh</c> says.
/// </summary>
public sealed class HttpMirrorSource : UrlSource
{
    internal static readonly IReadOnlyList<IBuildCacheLayout> Layouts = [new V3Layout(), new V2Layout()];

    public override string Name => "https";

    public override IReadOnlyList<string> Schemes { get; } = ["https", "http"];

    public override CatalogSource Resolve(string text, SourceContext context, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var url = MirrorUrl.Parse(text);
        if (url is null)
        {
            // Reported as CT3004 when the inputs were judged.
            return new CatalogSource(text, Name);
        }

        using var http = new HttpMirrorTransport(context.Mirrors.Timeout, context.CredentialsFor(url), url.Text, context.Tokens);
        return Cached(text, MirrorFetcher.Fetch(url, http, Layouts, string.Format(Messages.MirrorCauseNoIndex, url), context.Mirrors, diagnostics, cancellationToken));
    }
}
