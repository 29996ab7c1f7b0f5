using CacheTasks.Catalog;
using CacheTasks.Run;
using Microsoft.Build.Framework;

namespace CacheTasks;

/// <summary>
/// Keeps loaded catalogs for the length of one build, so the projects of a solution that a node
/// builds load their shared catalog once; dropped early, the next project loads it again from the
/// parsed cache.
/// </summary>
internal sealed class BuildCatalogLoadCache(IBuildEngine4 engine) : BuildObjectCache<CatalogLoadResult>(engine, "LoadedCatalog"), ICatalogLoadCache;
