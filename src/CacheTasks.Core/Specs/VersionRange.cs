namespace CacheTasks.Specs;

/// <summary>
/// One element of a version constraint, after Spack's <c>ClosedOpenRange</c>, exact
/// <c>StandardVersion</c> and <c>GitVersion</c>: a range <c>A:B</c> meaning <c>A ≤ v &lt; B'</c>
/// where B' is B's successor (so <c>@2.4</c>, which is <c>2.4:2.4</c>, takes 2.4.3 but not 2.40),
/// a missing end being open; <c>=V</c>, exactly V (never a git version); or a git version
/// (<c>git.REF=V</c>, <c>git.REF</c>, a commit), satisfied only by versions of the same ref.
/// </summary>
public sealed class VersionRange
{
    private readonly SpackVersion? _upperExclusive;

    private VersionRange(string text, SpackVersion? lower, SpackVersion? upper, bool exact, SpackVersion? git)
    {
        Text = text;
        Lower = lower;
        Upper = upper;
        IsExact = exact;
        Git = git;
        _upperExclusive = exact || git is not null ? null : upper?.Successor();
    }

    public string Text { get; }

    public SpackVersion? Lower { get; }

    public SpackVersion? Upper { get; }

    public bool IsExact { get; }

    /// <summary>For a git version element, that version; otherwise null.</summary>
    public SpackVersion? Git { get; }

    /// <summary>True for <c>:</c>, which every version satisfies (even a ref with no assigned version).</summary>
    public bool IsUnbounded => !IsExact && Git is null && Lower is null && Upper is null;

    public static VersionRange Exactly(string text, SpackVersion version) =>
        version.IsGitVersion ? OfGit(text, version) : new(text, version, version, exact: true, git: null);

    public static VersionRange Between(string text, SpackVersion? lower, SpackVersion? upper) => new(text, lower, upper, exact: false, git: null);

    public static VersionRange OfGit(string text, SpackVersion git) => new(text, null, null, exact: false, git);

    /// <summary>Whether the catalog version <paramref name="version"/> satisfies this element.</summary>
    public bool Contains(SpackVersion version)
    {
        if (Git is not null)
        {
            return version.IsGitVersion && version.GitReference == Git.GitReference && SatisfiesGit(version, Git);
        }

        if (IsExact)
        {
            // A git.REF=V version is built from a commit, not the release V: it never satisfies @=V.
            return !version.IsGitVersion && version.Equals(Lower);
        }

        if (!version.HasAssignedVersion)
        {
            // A ref that may be any version in its range satisfies a range only when that range is inside it.
            return Includes(version.GitRange!);
        }

        // A git.REF=V sorts right after V and before anything newer, so comparing it is comparing V.
        return (Lower is null || version >= Lower) && (_upperExclusive is null || version < _upperExclusive);
    }

    private static bool SatisfiesGit(SpackVersion version, SpackVersion wanted) => (version.HasAssignedVersion, wanted.HasAssignedVersion) switch
    {
        (true, true) => version.AssignedVersion!.Equals(wanted.AssignedVersion),
        (true, false) => wanted.GitRange!.Contains(version.AssignedVersion!),
        (false, false) => wanted.GitRange!.Includes(version.GitRange!),
        _ => false,
    };

    /// <summary>Whether every version of <paramref name="inner"/> (a plain range) is in this range.</summary>
    private bool Includes(VersionRange inner)
    {
        if (IsUnbounded)
        {
            return true;
        }

        if (IsExact || Git is not null || !inner.IsRange)
        {
            return false;
        }

        var lowerInside = Lower is null || (inner.Lower is not null && inner.Lower >= Lower);
        var upperInside = _upperExclusive is null || (inner._upperExclusive is not null && inner._upperExclusive <= _upperExclusive);
        return lowerInside && upperInside;
    }

    private bool IsRange => !IsExact && Git is null;

    public override string ToString() => Text;
}
