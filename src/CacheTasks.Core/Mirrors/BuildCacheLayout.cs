namespace CacheTasks.Mirrors;

/// <summary>The build-cache layouts Spack reads; see <see cref="BuildCachePaths"/>.</summary>
public enum BuildCacheLayout
{
    /// <summary>Before Spack 1.0: <c>build_cache/index.json</c> beside <c>build_cache/index.json.hash</c>.</summary>
    V2,

    /// <summary>Spack 1.0 and later: an index manifest naming a content-addressed blob.</summary>
    V3,

    /// <summary>An OCI registry (Spack 0.21 and later): the index is the one layer of the manifest tagged <c>index.spack</c>.</summary>
    Oci,
}
