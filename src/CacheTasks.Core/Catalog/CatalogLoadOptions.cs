using CacheTasks.Mirrors;

namespace CacheTasks.Catalog;

/// <summary>How <see cref="CatalogLoader"/> loads: how mirror URLs are downloaded and cached.</summary>
public sealed record CatalogLoadOptions
{
    public static CatalogLoadOptions Default { get; } = new();

    /// <summary>Cache folder, refresh policy and timeout for mirror URLs (see docs/mirrors.md).</summary>
    public MirrorOptions Mirrors { get; init; } = MirrorOptions.Default;
}
