using CacheTasks.Catalog;
using CacheTasks.Run;
using Microsoft.Build.Framework;

namespace CacheTasks;

/// <summary>
/// Keeps loaded catalogs for the length of one build in MSBuild's registered task objects, so the
/// projects of a solution that a node builds load their shared catalog once (sourcelink and NuGet
/// keep their per-build state the same way). Each node process keeps its own.
/// </summary>
internal sealed class BuildCatalogLoadCache(IBuildEngine4 engine) : ICatalogLoadCache
{
    // The engine's identity in the key: two CacheTasks versions in one build never hand each other their types.
    private static readonly string Prefix = "CacheTasks.LoadedCatalog:" + typeof(CatalogLoadResult).Assembly.ManifestModule.ModuleVersionId.ToString("N") + ":";

    public CatalogLoadResult? Find(string key) =>
        engine.GetRegisteredTaskObject(Prefix + key, RegisteredTaskObjectLifetime.Build) as CatalogLoadResult;

    public void Keep(string key, CatalogLoadResult loaded)
    {
        if (Find(key) is null)
        {
            // Early collection allowed: under memory pressure MSBuild may drop it, and the next project loads again (from the parsed cache).
            engine.RegisterTaskObject(Prefix + key, loaded, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: true);
        }
    }
}
