using CacheTasks.Catalog;
using CacheTasks.Diagnostics;
using CacheTasks.Mirrors;
using CacheTasks.Mirrors.S3;

namespace CacheTasks.Sources;

/// <summary>
/// An <c>s3://bucket/prefix</c> build cache, read with the AWS SDK (<see cref="S3MirrorTransport"/>): the same
/// layouts, cache and refresh policy as an <c>https://</c> mirror; credentials and endpoint as Spack finds them.
/// </summary>
public sealed class S3MirrorSource : UrlSource
{
    public override string Name => "s3";

    public override IReadOnlyList<string> Schemes { get; } = ["s3"];

    public override CatalogSource Resolve(string text, SourceContext context, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var url = MirrorUrl.Parse(text);
        if (url is null)
        {
            // Reported as CT3004 when the inputs were judged.
            return new CatalogSource(text, Name);
        }

        var options = context.Mirrors;
        var settings = options.S3Settings?.Invoke(url) ?? S3Settings.From(context.CredentialsFor(url));
        using var s3 = new S3MirrorTransport(settings, options.EnvironmentVariables, options.Timeout);
        return Cached(text, MirrorFetcher.Fetch(url, s3, HttpMirrorSource.Layouts, string.Format(Messages.MirrorCauseNoIndex, url), options, diagnostics, cancellationToken));
    }
}
