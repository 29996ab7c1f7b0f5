namespace CacheTasks.Catalog;

/// <summary>
/// One <c>SpackCatalog</c> entry, already resolved by the caller: what the user wrote, the local
/// folder or file to read (for a mirror URL, the index the mirror cache holds), or null when it
/// could not be resolved (the caller has reported why).
/// </summary>
/// <param name="Written">The source as the user wrote it; the catalog and reports name it so.</param>
/// <param name="LocalPath">The folder or file to read, or null: nothing to read, already reported.</param>
/// <param name="FromMirror">A mirror URL: dated by the mirror cache, so left out of catalog snapshots.</param>
public sealed record CatalogSource(string Written, string? LocalPath, bool FromMirror)
{
    /// <summary>A local folder or file, read where it is.</summary>
    public static CatalogSource Local(string path) => new(path, path, FromMirror: false);
}
