using CacheTasks.Catalog;
using CacheTasks.Mirrors;

namespace CacheTasks.Sources;

/// <summary>A mirror named by a URL: claimed by its scheme, keyed by the URL as written.</summary>
public abstract class UrlSource : SourceKind
{
    /// <summary>The schemes this kind reads, lower case, without <c>://</c>.</summary>
    public abstract IReadOnlyList<string> Schemes { get; }

    public override bool Claims(string text) =>
        Schemes.Any(scheme => text.StartsWith(scheme + "://", StringComparison.OrdinalIgnoreCase));

    public override string? Problem(string text) => MirrorUrl.Problem(text);

    public override string Key(string text) => text.Trim();

    /// <summary>
    /// The source for a mirror index the mirror cache holds, or nothing to read when there is none. The
    /// index's state is the digest the cache recorded for it (the OCI layer's, the v3 blob's, the v2
    /// index's SHA-256): the parsed cache keys the index on it, so a copy downloaded again unchanged is not parsed again.
    /// </summary>
    protected CatalogSource Cached(string text, MirrorIndex? index) => index is null
        ? new CatalogSource(text, Name)
        : new CatalogSource(text, Name)
        {
            Files = [new CatalogSourceFile(index.Path, IsIndex: true) { State = index.Copy is null ? null : "sha256:" + index.Digest, StatedCopy = index.Copy }],
            State = index.Digest,
        };
}
