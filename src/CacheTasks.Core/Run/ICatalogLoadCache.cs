using CacheTasks.Catalog;

namespace CacheTasks.Run;

/// <summary>
/// Catalogs loaded earlier by the same host, for a run to use instead of loading the same sources
/// again. The MSBuild task keeps them for the length of one build (every project of a solution
/// checks against the same catalog, and a load of a develop-scale one costs a second); the command
/// line and tests give none and load every time.
/// </summary>
/// <remarks>
/// Keys come from <see cref="CatalogLoadStep"/> and name everything that changes what a load gives.
/// A kept load is shared as it is: its catalog is never changed after loading, and its diagnostics
/// are copied into each run that uses it, so each project still reports the pages it could not read.
/// </remarks>
public interface ICatalogLoadCache
{
    /// <summary>The load kept under <paramref name="key"/>, or null.</summary>
    CatalogLoadResult? Find(string key);

    /// <summary>Keeps a load for later runs; the first one kept under a key is the one they get.</summary>
    void Keep(string key, CatalogLoadResult loaded);
}
