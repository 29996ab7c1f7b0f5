using CacheTasks.Mirrors;

namespace CacheTasks.Sources;

/// <summary>What resolving a source may need beyond its text: how mirrors are downloaded and cached.</summary>
public sealed record SourceContext(MirrorOptions Mirrors)
{
    public static SourceContext Default { get; } = new(MirrorOptions.Default);
}
