using CacheTasks.Diagnostics;

namespace CacheTasks.Catalog;

/// <summary>The loaded catalog and what went wrong on the way (skipped pages, missing sources).</summary>
public sealed record CatalogLoadResult(SpackCatalog Catalog, IReadOnlyList<Diagnostic> Diagnostics);
