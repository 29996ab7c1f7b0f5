using CacheTasks.Diagnostics;

namespace CacheTasks.Catalog;

/// <summary>The loaded catalog and what went wrong on the way (skipped pages, missing sources).</summary>
public sealed record CatalogLoadResult(SpackCatalog Catalog, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>
    /// With <see cref="CatalogLoadOptions.TakeSnapshot"/>: the local sources as this load found them,
    /// before it read them; null when it was not asked for or cannot be trusted (a folder was skipped).
    /// </summary>
    public CatalogSnapshot? Snapshot { get; init; }
}
