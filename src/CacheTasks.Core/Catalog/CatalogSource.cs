namespace CacheTasks.Catalog;

/// <summary>
/// One <c>SpackCatalog</c> entry as its kind resolved it (the kinds are in <c>Sources/</c>): what the
/// user wrote, which kind it is, and what the loader reads for it — a folder to search for pages and
/// indexes, or files named one by one. A source with neither has nothing to read: its kind has
/// reported why (a missing path, a mirror that could not be reached with nothing cached).
/// </summary>
/// <param name="Written">The source as the user wrote it; the catalog and reports name it so.</param>
/// <param name="Kind">The name of the kind that resolved it (<c>folder</c>, <c>file</c>, <c>https</c>, <c>oci</c>, …).</param>
public sealed record CatalogSource(string Written, string Kind)
{
    /// <summary>A folder searched recursively for <c>*.md</c> pages and <c>index.json</c> indexes.</summary>
    public string? Folder { get; init; }

    /// <summary>Files read as they are, each a page or an index as the kind says.</summary>
    public IReadOnlyList<CatalogSourceFile> Files { get; init; } = [];

    /// <summary>
    /// What identifies the source's content beyond its files' stamps, for the keys that reuse a load
    /// (a mirror's index digest); null when the stamps say it all (local folders and files).
    /// </summary>
    public string? State { get; init; }

    /// <summary>
    /// Paths the source depends on without reading them (a path that did not exist): the catalog
    /// snapshot records them as absent, so a no-op build sees them appear.
    /// </summary>
    public IReadOnlyList<string> Absent { get; init; } = [];

    /// <summary>True when there is something to read.</summary>
    public bool HasContent => Folder is not null || Files.Count > 0;
}
