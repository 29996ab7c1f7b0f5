using CacheTasks.Catalog;
using CacheTasks.Diagnostics;
using CacheTasks.Mirrors;

namespace CacheTasks.Sources;

/// <summary>
/// An OCI registry build cache (<c>oci://host/repository</c>, <c>oci+http://</c> without TLS), as Spack
/// 1.0 pushes it: the index is the layer of the manifest tagged <c>index.spack</c>
/// (<see cref="OciLayout"/>), fetched with the registry's authentication (Bearer tokens from its
/// realm, or Basic) and kept in the per-user cache like any mirror's index.
/// </summary>
public sealed class OciMirrorSource : UrlSource
{
    private static readonly IReadOnlyList<IBuildCacheLayout> Layouts = [new OciLayout()];

    public override string Name => "oci";

    public override IReadOnlyList<string> Schemes { get; } = ["oci", OciRepository.PlainHttpScheme];

    public override string? Problem(string text) =>
        base.Problem(text) ?? (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.AbsolutePath.Trim('/').Length > 0 ? null : Messages.OciUrlNoRepository);

    public override CatalogSource Resolve(string text, SourceContext context, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var url = MirrorUrl.Parse(text);
        if (url is null)
        {
            return new CatalogSource(text, Name);
        }

        using var registry = new HttpMirrorTransport(context.Mirrors.Timeout, context.CredentialsFor(url), url.Text, context.Tokens) { Accept = OciLayout.ManifestTypes };
        var noIndex = string.Format(Messages.MirrorCauseNoOciIndex, url, OciRepository.IndexTag);
        return Cached(text, MirrorFetcher.Fetch(url, registry, Layouts, noIndex, context.Mirrors, diagnostics, cancellationToken));
    }
}
