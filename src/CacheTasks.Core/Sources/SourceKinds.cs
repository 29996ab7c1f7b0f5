using CacheTasks.Catalog;
using CacheTasks.Diagnostics;

namespace CacheTasks.Sources;

/// <summary>
/// The registry of catalog source kinds, and the one place that decides a text's kind. A text with
/// <c>://</c> is a URL, read by the kind that claims its scheme; anything else is a local folder or
/// file. <c>build/CacheTasks.targets</c> applies the same <c>://</c> test (it cannot call this code)
/// to know that a mirror is dated by the check, not by MSBuild.
/// </summary>
public static class SourceKinds
{
    /// <summary>Every kind, in the order they are asked: URL kinds by scheme, then a local folder, then a local file (which claims the rest).</summary>
    public static IReadOnlyList<SourceKind> All { get; } =
    [
        new HttpMirrorSource(),
        new S3MirrorSource(),
        new OciMirrorSource(),
        new FileMirrorSource(),
        new LocalFolderSource(),
        new LocalFileSource(),
    ];

    /// <summary>True when the text is a URL rather than a local path: it contains <c>://</c>.</summary>
    public static bool IsUrl(string text) => text.IndexOf("://", StringComparison.Ordinal) >= 0;

    /// <summary>The kind of <paramref name="text"/>, or null for a URL whose scheme no kind reads.</summary>
    public static SourceKind? Of(string text)
    {
        var trimmed = text.Trim();
        foreach (var kind in All)
        {
            if (kind.Claims(trimmed))
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>Why the text cannot be a catalog source (the allowed values for CT3004), or null when it can.</summary>
    public static string? Problem(string text) => Of(text) is { } kind
        ? kind.Problem(text.Trim())
        : string.Format(Messages.MirrorUrlValues, string.Join(", ", All.OfType<UrlSource>().SelectMany(k => k.Schemes).Select(s => s + "://")));

    /// <summary>The source as a key (see <see cref="SourceKind.Key"/>); a text no kind reads as written.</summary>
    public static string Key(string text) => Of(text)?.Key(text) ?? text.Trim();

    /// <summary>
    /// Each source resolved by its kind, in the order given (the catalog names them in that order);
    /// what went wrong is added to <paramref name="diagnostics"/>. A source that cannot be used has
    /// nothing to read (its CT3004 was given when the inputs were judged).
    /// </summary>
    public static IReadOnlyList<CatalogSource> Resolve(IReadOnlyList<string> sources, SourceContext context, List<Diagnostic> diagnostics, CancellationToken cancellationToken = default)
    {
        var resolved = new List<CatalogSource>(sources.Count);
        foreach (var source in sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var kind = Of(source);
            resolved.Add(kind is null || kind.Problem(source.Trim()) is not null
                ? new CatalogSource(source, kind?.Name ?? "unknown")
                : kind.Resolve(source, context, diagnostics, cancellationToken));
        }

        return resolved;
    }

    /// <summary>Resolves and loads in one step: what the command line and tests call with the texts a user wrote.</summary>
    public static CatalogLoadResult Load(IReadOnlyList<string> sources, CatalogLoadOptions? options = null, SourceContext? context = null, CancellationToken cancellationToken = default)
    {
        var diagnostics = new List<Diagnostic>();
        var resolved = Resolve(sources, context ?? SourceContext.Default, diagnostics, cancellationToken);
        var loaded = CatalogLoader.Load(resolved, options ?? CatalogLoadOptions.Default, cancellationToken);
        return diagnostics.Count == 0 ? loaded : loaded with { Diagnostics = [.. diagnostics, .. loaded.Diagnostics] };
    }
}
