namespace CacheTasks.Tests.EndToEnd;

/// <summary>
/// Process-level builds share the repository's build outputs, so they run one at a time; the tests
/// of the packed package share one package (<see cref="PackedCacheTasks"/>, packed on first use).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndBuilds : ICollectionFixture<PackedCacheTasks>
{
    public const string Name = "End to end";
}
