namespace CacheTasks.Catalog;

/// <summary>How <see cref="CatalogLoader"/> loads: where it keeps parsed pages and indexes between builds, and how many threads it uses.</summary>
public sealed record CatalogLoadOptions
{
    public static CatalogLoadOptions Default { get; } = new();

    /// <summary>
    /// A folder (typically under <c>obj/</c>) for the parsed-catalog cache; null keeps none. A page or
    /// index (a local one, or a mirror's index as the mirror cache holds it) whose path, size and
    /// modification time are unchanged is taken from the cache without being read. A missing, stale
    /// or corrupt cache file is rebuilt, never an error.
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Threads for reading pages; 0 or less means one per processor.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Also returns a <see cref="CatalogSnapshot"/> of the local sources (<see cref="CatalogLoadResult.Snapshot"/>), for incremental builds.</summary>
    public bool TakeSnapshot { get; init; }
}
