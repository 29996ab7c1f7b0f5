using System.Collections;
using CacheTasks.Specs;

namespace CacheTasks.Concrete;

/// <summary>
/// A spec's versions, checked when the page is read (<see cref="IsValid"/>) and parsed on first
/// use. Parsing a Spack version is the costliest step of reading a page, and a check only ever
/// looks at the versions of the packages its requirements name.
/// </summary>
internal sealed class LazyVersionList(string[] texts) : IReadOnlyList<SpackVersion>
{
    // A bare 40-character commit hash is a git version.
    private const int CommitShaLength = 40;

    private SpackVersion[]? _versions;

    public int Count => texts.Length;

    /// <summary>The versions as written, without parsing them.</summary>
    public IReadOnlyList<string> Texts => texts;

    public SpackVersion this[int index] => Versions[index];

    /// <summary>
    /// Exactly when <see cref="SpackVersion.TryParse"/> succeeds. The common shape (letters, digits
    /// and <c>. _ -</c>, at least one letter or digit) is checked here without building the version;
    /// git refs, assigned versions and commit hashes are rare on pages, so the parser judges those.
    /// </summary>
    public static bool IsValid(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("git.", StringComparison.Ordinal) || trimmed.Length == CommitShaLength)
        {
            return SpackVersion.TryParse(trimmed, out _);
        }

        var hasAlphanumeric = false;
        foreach (var c in trimmed)
        {
            if (IsAlphanumeric(c))
            {
                hasAlphanumeric = true;
            }
            else if (c is not ('.' or '_' or '-'))
            {
                return SpackVersion.TryParse(trimmed, out _);
            }
        }

        return hasAlphanumeric;
    }

    public IEnumerator<SpackVersion> GetEnumerator() => ((IEnumerable<SpackVersion>)Versions).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool IsAlphanumeric(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';

    // Two threads may both parse; they produce equal lists, and either may win.
    private SpackVersion[] Versions => _versions ??= texts.Select(SpackVersion.Parse).ToArray();
}
