using Microsoft.Build.Framework;

namespace CacheTasks;

/// <summary>
/// Objects kept for the length of one build in MSBuild's registered task objects, so the projects
/// of a solution that a node builds share what they would otherwise each compute (sourcelink and
/// NuGet keep their per-build state the same way). Each node process keeps its own.
/// </summary>
internal abstract class BuildObjectCache<T>(IBuildEngine4 engine, string kind)
    where T : class
{
    // The engine's identity in the key: two CacheTasks versions in one build never hand each other their types.
    private readonly string _prefix = "CacheTasks." + kind + ":" + typeof(T).Assembly.ManifestModule.ModuleVersionId.ToString("N") + ":";

    public T? Find(string key) =>
        engine.GetRegisteredTaskObject(_prefix + key, RegisteredTaskObjectLifetime.Build) as T;

    public void Keep(string key, T value)
    {
        if (Find(key) is null)
        {
            // Early collection allowed: under memory pressure MSBuild may drop it, and the next project computes it again.
            engine.RegisterTaskObject(_prefix + key, value, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: true);
        }
    }
}
