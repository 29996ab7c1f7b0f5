using CacheTasks.Platform;

namespace CacheTasks.Catalog;

/// <summary>
/// What a checked page (<see cref="SpecDetailsChecker"/>) or its parsed-cache entry keeps of each of
/// its specs without building them: their arch and stacks, which is all a catalog summary counts.
/// </summary>
internal sealed class PageFacts(string name, string? tag, string[] platforms, string[] oses, string[] targets, IReadOnlyList<string>[] stacks)
{
    public string Name => name;

    public string? Tag => tag;

    public int Count => platforms.Length;

    public IReadOnlyList<string> Platforms => platforms;

    public IReadOnlyList<string> Oses => oses;

    public IReadOnlyList<string> Targets => targets;

    public IReadOnlyList<IReadOnlyList<string>> Stacks => stacks;

    /// <summary>The summary's facts of each spec, in page order.</summary>
    public IEnumerable<SpecFacts> Facts()
    {
        var facts = new SpecFacts[platforms.Length];
        for (var i = 0; i < facts.Length; i++)
        {
            facts[i] = new SpecFacts(name, new SpackArch(platforms[i], oses[i], targets[i]).ToString(), stacks[i], tag);
        }

        return facts;
    }
}
