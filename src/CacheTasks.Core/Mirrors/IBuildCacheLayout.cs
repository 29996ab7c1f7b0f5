namespace CacheTasks.Mirrors;

/// <summary>
/// One way a build cache publishes its index (layout v3, the older v2, an OCI registry's <c>index.spack</c>):
/// asks the mirror through a transport whether the cached copy is current, and downloads, verifies and
/// commits a new one when it is not.
/// </summary>
internal interface IBuildCacheLayout
{
    BuildCacheLayout Layout { get; }

    /// <summary>
    /// False when the mirror has no index in this layout; true when the cache now holds the current
    /// index (its entry written). A failure throws <see cref="MirrorFetchException"/>. <c>known</c> is
    /// the cache's entry when this layout wrote it, else null.
    /// </summary>
    Task<bool> RefreshAsync(MirrorUrl url, IMirrorTransport transport, MirrorCache cache, MirrorCacheEntry? known, MirrorOptions options, CancellationToken cancellationToken);
}
