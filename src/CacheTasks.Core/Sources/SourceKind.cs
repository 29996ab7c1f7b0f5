using CacheTasks.Catalog;
using CacheTasks.Diagnostics;

namespace CacheTasks.Sources;

/// <summary>
/// One kind of catalog source (a local folder, a local file, a <c>file://</c>, <c>https://</c> or
/// <c>oci://</c> mirror, …). <see cref="SourceKinds"/> lists them all and is the one place that decides
/// which kind a <c>SpackCatalog</c> entry is; a new kind is a subclass added to that list, with its tests.
/// </summary>
public abstract class SourceKind
{
    /// <summary>The kind's name, as <see cref="CatalogSource.Kind"/> carries it.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// True when <paramref name="text"/> (trimmed) is a source of this kind. URL kinds answer from the
    /// scheme alone (<see cref="UrlSource"/>); the local kinds claim what is not a URL.
    /// </summary>
    public abstract bool Claims(string text);

    /// <summary>Why the text cannot be used (the allowed values for CT3004), or null when it can.</summary>
    public virtual string? Problem(string text) => null;

    /// <summary>
    /// The text as a key: the same source however it was written (a full path, a URL as written). It
    /// names the shared parsed-catalog folder and the load an earlier project of the build may reuse.
    /// </summary>
    public abstract string Key(string text);

    /// <summary>
    /// What the loader reads for the source, and its state; what went wrong (CT2002, CT2003) is added
    /// to <paramref name="diagnostics"/>, and then the source has nothing to read.
    /// </summary>
    public abstract CatalogSource Resolve(string text, SourceContext context, List<Diagnostic> diagnostics, CancellationToken cancellationToken);
}
