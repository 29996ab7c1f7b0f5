using System.Collections;
using CacheTasks.Specs;

namespace CacheTasks.Catalog;

/// <summary>
/// Versions from the parsed-catalog cache, parsed on first use. They were checked when the page was
/// first read, and a check only ever looks at the versions of the packages its requirements name,
/// so a warm load parses none of the others.
/// </summary>
internal sealed class LazyVersionList(string[] texts) : IReadOnlyList<SpackVersion>
{
    private SpackVersion[]? _versions;

    public int Count => texts.Length;

    public SpackVersion this[int index] => Versions[index];

    public IEnumerator<SpackVersion> GetEnumerator() => ((IEnumerable<SpackVersion>)Versions).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Two threads may both parse; they produce equal lists, and either may win.
    private SpackVersion[] Versions => _versions ??= texts.Select(SpackVersion.Parse).ToArray();
}
