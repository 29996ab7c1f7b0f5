namespace CacheTasks.Tests.EndToEnd;

/// <summary>Process-level builds share the repository's build outputs, so they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndBuilds
{
    public const string Name = "End to end";
}
