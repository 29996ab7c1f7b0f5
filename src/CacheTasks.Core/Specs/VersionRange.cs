namespace CacheTasks.Specs;

/// <summary>
/// One element of a version constraint: <c>=V</c> (exactly V), or a range <c>A:B</c> meaning
/// <c>A ≤ v &lt; B'</c> where B' is B's successor, so <c>@2.4</c> (= <c>2.4:2.4</c>) takes 2.4.3
/// but not 2.40. A missing end is open.
/// </summary>
public sealed class VersionRange
{
    private readonly SpackVersion? _upperExclusive;

    private VersionRange(string text, SpackVersion? lower, SpackVersion? upper, bool exact)
    {
        Text = text;
        Lower = lower;
        Upper = upper;
        IsExact = exact;
        _upperExclusive = exact ? null : upper?.Successor();
    }

    public string Text { get; }

    public SpackVersion? Lower { get; }

    public SpackVersion? Upper { get; }

    public bool IsExact { get; }

    public static VersionRange Exactly(string text, SpackVersion version) => new(text, version, version, exact: true);

    public static VersionRange Between(string text, SpackVersion? lower, SpackVersion? upper) => new(text, lower, upper, exact: false);

    public bool Contains(SpackVersion version)
    {
        if (IsExact)
        {
            // A git.REF=V version is built from a commit, not the release V: it never satisfies @=V.
            return !version.IsGitVersion && version.Equals(Lower);
        }

        return (Lower is null || version >= Lower) && (_upperExclusive is null || version < _upperExclusive || StartsWith(version, Upper!));
    }

    // For an upper end whose last component is an infinity word (@:master), no successor exists in
    // Spack's order; "up to and including everything that starts with it" is what @V means.
    private static bool StartsWith(SpackVersion version, SpackVersion prefix)
    {
        if (prefix.IsPrerelease || version.Release.Count < prefix.Release.Count)
        {
            return false;
        }

        for (var i = 0; i < prefix.Release.Count; i++)
        {
            if (version.Release[i] != prefix.Release[i])
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => Text;
}
