namespace CacheTasks.Mirrors;

/// <summary>When a downloaded mirror index is checked against the mirror again (<c>SpackCatalogRefresh</c>).</summary>
public enum MirrorRefresh
{
    /// <summary>Revalidate when the cached copy is older than <c>SpackCatalogMaxAge</c>.</summary>
    Auto,

    /// <summary>Revalidate on every build (a conditional request: unchanged indexes are not downloaded again).</summary>
    Always,

    /// <summary>Offline: use the cached copy only, never touch the network.</summary>
    Never,
}
