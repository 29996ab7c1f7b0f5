using CacheTasks.Run;
using Microsoft.Build.Framework;

namespace CacheTasks;

/// <summary>
/// Keeps computed checks for the length of one build, so the projects of a solution that a node
/// builds with identical check inputs (one Directory.Build.props) check once; each still logs,
/// reports and saves its own results.
/// </summary>
internal sealed class BuildCheckResultCache(IBuildEngine4 engine) : BuildObjectCache<SharedCheck>(engine, "SharedCheck"), ICheckResultCache;
