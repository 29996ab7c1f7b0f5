using System.Collections;
using CacheTasks.Specs;

namespace CacheTasks.Catalog;

/// <summary>
/// A spec's versions, checked when the page is read (<see cref="IsValid"/>) and parsed on first
/// use. Parsing a Spack version is the costliest step of reading a page, and a check only ever
/// looks at the versions of the packages its requirements name.
/// </summary>
internal sealed class LazyVersionList(string[] texts) : IReadOnlyList<SpackVersion>
{
    private SpackVersion[]? _versions;

    public int Count => texts.Length;

    /// <summary>The versions as written, without parsing them.</summary>
    public IReadOnlyList<string> Texts => texts;

    public SpackVersion this[int index] => Versions[index];

    /// <summary>
    /// Exactly when <see cref="SpackVersion.TryParse"/> succeeds, without building the version:
    /// letters, digits and <c>. _ -</c> (and <c>=</c> only in <c>git.REF=V</c>), with at least one
    /// letter or digit in the part that is compared.
    /// </summary>
    public static bool IsValid(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed[0] == '=')
        {
            return false;
        }

        foreach (var c in trimmed)
        {
            if (!(IsAlphanumeric(c) || c is '.' or '_' or '-' or '='))
            {
                return false;
            }
        }

        var compared = trimmed;
        if (trimmed.StartsWith("git.", StringComparison.Ordinal))
        {
            var equals = trimmed.IndexOf('=');
            var reference = equals < 0 ? trimmed.Substring(4) : trimmed.Substring(4, equals - 4);
            compared = equals < 0 ? reference : trimmed.Substring(equals + 1);
            if (reference.Length == 0 || compared.Length == 0)
            {
                return false;
            }
        }
        else if (trimmed.IndexOf('=') >= 0)
        {
            return false;
        }

        foreach (var c in compared)
        {
            if (IsAlphanumeric(c))
            {
                return true;
            }
        }

        return false;
    }

    public IEnumerator<SpackVersion> GetEnumerator() => ((IEnumerable<SpackVersion>)Versions).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool IsAlphanumeric(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';

    // Two threads may both parse; they produce equal lists, and either may win.
    private SpackVersion[] Versions => _versions ??= texts.Select(SpackVersion.Parse).ToArray();
}
