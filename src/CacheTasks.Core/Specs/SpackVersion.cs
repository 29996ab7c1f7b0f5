using System.Text;
using System.Text.RegularExpressions;

namespace CacheTasks.Specs;

/// <summary>
/// A concrete version as Spack orders it (not SemVer), after Spack's <c>StandardVersion</c> and
/// <c>GitVersion</c>. The text splits into components at <c>.</c>, <c>-</c>, <c>_</c> and at every
/// digit/letter boundary; separators and leading zeros do not affect equality; a proper prefix is
/// older (1.2 &lt; 1.2.0); a trailing alpha, beta or rc (optionally numbered) marks a prerelease,
/// older than the release.
/// <para>
/// Git versions: <c>git.REF=V</c> (or <c>REF=V</c>) is the commit or branch REF assigned version
/// V. It sorts right after V and takes part in ranges as V, but is never equal to V, so it never
/// satisfies <c>@=V</c>. <c>git.REF</c> and a bare 40-hex commit have no assigned version: they
/// sort after every other version and satisfy only a range that takes every version (or the same
/// ref). <c>git.REF=A:B</c> is a ref known only to lie in A:B.
/// </para>
/// </summary>
public sealed class SpackVersion : IComparable<SpackVersion>, IEquatable<SpackVersion>
{
    // Prerelease kinds in Spack's order; a release with no prerelease is Final.
    private const int Alpha = 0;
    private const int Beta = 1;
    private const int ReleaseCandidate = 2;
    private const int Final = 3;

    private static readonly Regex ValidVersion = new(@"^[A-Za-z0-9_.-][=A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant);
    private static readonly Regex Segment = new(@"(?:(?<num>[0-9]+)|(?<str>[a-zA-Z]+))[_.-]*", RegexOptions.CultureInvariant);

    private readonly VersionComponent[] _release;
    private readonly int _prereleaseKind;
    private readonly VersionComponent? _prereleaseNumber;

    private SpackVersion(string text, VersionComponent[] release, int prereleaseKind, VersionComponent? prereleaseNumber, string? gitReference, VersionRange? gitRange)
    {
        Text = text;
        _release = release;
        _prereleaseKind = prereleaseKind;
        _prereleaseNumber = prereleaseNumber;
        GitReference = gitReference;
        GitRange = gitRange;
    }

    /// <summary>The version as it was written.</summary>
    public string Text { get; }

    /// <summary>The release components (without a prerelease suffix); empty for a git ref without an assigned version.</summary>
    public IReadOnlyList<VersionComponent> Release => _release;

    /// <summary>For git versions, the ref (a commit, branch or tag); otherwise null.</summary>
    public string? GitReference { get; }

    /// <summary>For a git ref with no assigned version, the range it is known to lie in (<c>:</c> when nothing is known).</summary>
    public VersionRange? GitRange { get; }

    public bool IsGitVersion => GitReference is not null;

    /// <summary>False only for a git ref that has no assigned version (<c>git.REF</c>, a bare commit, <c>git.REF=A:B</c>).</summary>
    public bool HasAssignedVersion => GitRange is null;

    public bool IsPrerelease => _prereleaseKind != Final;

    /// <summary>The plain version this one orders as: itself, V for <c>git.REF=V</c>, null for an unassigned ref.</summary>
    public SpackVersion? AssignedVersion => !IsGitVersion ? this
        : HasAssignedVersion ? new SpackVersion(Text.Substring(Text.IndexOf('=') + 1), _release, _prereleaseKind, _prereleaseNumber, null, null)
        : null;

    public static SpackVersion Parse(string text) =>
        TryParse(text, out var version) ? version! : throw new FormatException($"'{text}' is not a Spack version.");

    public static bool TryParse(string? text, out SpackVersion? version)
    {
        version = null;
        if (text is null)
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return false;
        }

        // A git ref may be constrained to a range (git.REF=1.2:1.3), so ':' is allowed there only.
        return IsGitText(trimmed)
            ? ValidVersion.IsMatch(trimmed.Replace(':', '.')) && TryParseGit(trimmed, out version)
            : ValidVersion.IsMatch(trimmed) && TryParseStandard(trimmed, trimmed, null, out version);
    }

    /// <summary>Spack's <c>is_git_version</c>: <c>git.</c> prefix, a 40-hex commit, or <c>REF=V</c>.</summary>
    public static bool IsGitText(string text) =>
        text.StartsWith("git.", StringComparison.Ordinal) || IsCommitSha(text) || text.IndexOf('=', 1) > 0;

    // A full git commit hash, 40 lowercase hex digits (Spack's is_git_commit_sha); a plain loop, as every version parsed passes here.
    private static bool IsCommitSha(string text) => text.Length == 40 && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>Parses a plain (non-git) version; the ends of a range are always plain.</summary>
    public static bool TryParseStandard(string? text, out SpackVersion? version)
    {
        version = null;
        var trimmed = text?.Trim() ?? string.Empty;
        return trimmed.Length > 0 && ValidVersion.IsMatch(trimmed) && trimmed.IndexOf('=') < 0 && TryParseStandard(trimmed, trimmed, null, out version);
    }

    private static bool TryParseGit(string text, out SpackVersion? version)
    {
        version = null;
        var body = text.StartsWith("git.", StringComparison.Ordinal) ? text.Substring(4) : text;
        var equals = body.IndexOf('=');
        if (equals < 0)
        {
            if (body.Length == 0)
            {
                return false;
            }

            version = new SpackVersion(text, [], Final, null, body, VersionRange.Between(":", null, null));
            return true;
        }

        var reference = body.Substring(0, equals);
        var constraint = body.Substring(equals + 1);
        if (reference.Length == 0 || constraint.Length == 0 || constraint.IndexOf('=') >= 0)
        {
            return false;
        }

        var colon = constraint.IndexOf(':');
        if (colon < 0)
        {
            return TryParseStandard(text, constraint, reference, out version);
        }

        if (constraint.IndexOf(':', colon + 1) >= 0)
        {
            return false;
        }

        SpackVersion? lower = null;
        SpackVersion? upper = null;
        var lowerText = constraint.Substring(0, colon);
        var upperText = constraint.Substring(colon + 1);
        if ((lowerText.Length > 0 && !TryParseStandard(lowerText, out lower)) || (upperText.Length > 0 && !TryParseStandard(upperText, out upper)))
        {
            return false;
        }

        version = new SpackVersion(text, [], Final, null, reference, VersionRange.Between(constraint, lower, upper));
        return true;
    }

    private static bool TryParseStandard(string text, string comparable, string? gitReference, out SpackVersion? version)
    {
        version = null;
        var components = new List<VersionComponent>();
        foreach (Match match in Segment.Matches(comparable))
        {
            components.Add(match.Groups["num"].Success
                ? VersionComponent.Number(match.Groups["num"].Value)
                : VersionComponent.Word(match.Groups["str"].Value));
        }

        if (components.Count == 0)
        {
            return false;
        }

        // As Spack's parse_string_components: <release>(alpha|beta|rc|final)<number> or
        // <release>(alpha|beta|rc|final); "final" spells out the release itself.
        var kind = Final;
        VersionComponent? number = null;
        var count = components.Count;
        if (count >= 3 && !components[count - 2].IsNumber && PrereleaseKind(components[count - 2].Text) is int numbered && components[count - 1].IsNumber)
        {
            kind = numbered;
            number = components[count - 1];
            components.RemoveRange(count - 2, 2);
        }
        else if (count >= 2 && !components[count - 1].IsNumber && PrereleaseKind(components[count - 1].Text) is int bare)
        {
            kind = bare;
            components.RemoveAt(count - 1);
        }

        version = new SpackVersion(text, components.ToArray(), kind, number, gitReference, null);
        return true;
    }

    private static int? PrereleaseKind(string word) => word switch
    {
        "alpha" => Alpha,
        "beta" => Beta,
        "rc" => ReleaseCandidate,
        "final" => Final,
        _ => null,
    };

    /// <summary>
    /// The smallest version newer than everything that starts with this one (Spack's
    /// <c>_next_version</c>): the last component raised (2.4 → 2.5, master → main), or for a
    /// prerelease the prerelease number (2.4rc1 → 2.4rc2, 2.4rc → 2.4rc0).
    /// <c>@V</c> means <c>V ≤ v &lt; Successor(V)</c>.
    /// </summary>
    public SpackVersion Successor()
    {
        if (_prereleaseKind != Final)
        {
            var next = _prereleaseNumber is { } n ? n.Successor() : VersionComponent.Number("0");
            return Create(_release, _prereleaseKind, next);
        }

        if (_release.Length == 0)
        {
            return Create([VersionComponent.Word("A")], Final, null);
        }

        var release = (VersionComponent[])_release.Clone();
        release[release.Length - 1] = release[release.Length - 1].Successor();
        return Create(release, Final, _prereleaseNumber);
    }

    private static SpackVersion Create(VersionComponent[] release, int kind, VersionComponent? number)
    {
        var text = new StringBuilder(string.Join(".", release.Select(c => c.Text)));
        if (kind != Final || number is not null)
        {
            text.Append(kind switch { Alpha => "alpha", Beta => "beta", ReleaseCandidate => "rc", _ => "final" });
            text.Append(number?.Text);
        }

        return new SpackVersion(text.ToString(), release, kind, number, null, null);
    }

    public int CompareTo(SpackVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        // A ref without an assigned version could be any version: Spack stores those last.
        if (HasAssignedVersion != other.HasAssignedVersion)
        {
            return HasAssignedVersion ? -1 : 1;
        }

        if (!HasAssignedVersion)
        {
            var byRef = string.CompareOrdinal(GitReference, other.GitReference);
            return byRef != 0 ? byRef : string.CompareOrdinal(GitRange!.Text, other.GitRange!.Text);
        }

        var byVersion = CompareAssigned(other);
        if (byVersion != 0)
        {
            return byVersion;
        }

        // Same version: the release itself first, then refs assigned that version, by ref.
        if (IsGitVersion != other.IsGitVersion)
        {
            return IsGitVersion ? 1 : -1;
        }

        return string.CompareOrdinal(GitReference, other.GitReference);
    }

    private int CompareAssigned(SpackVersion other)
    {
        var shared = Math.Min(_release.Length, other._release.Length);
        for (var i = 0; i < shared; i++)
        {
            var byComponent = _release[i].CompareTo(other._release[i]);
            if (byComponent != 0)
            {
                return byComponent;
            }
        }

        var byLength = _release.Length.CompareTo(other._release.Length);
        if (byLength != 0)
        {
            return byLength;
        }

        var byKind = _prereleaseKind.CompareTo(other._prereleaseKind);
        if (byKind != 0)
        {
            return byKind;
        }

        return (_prereleaseNumber, other._prereleaseNumber) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            ({ } a, { } b) => a.CompareTo(b),
        };
    }

    /// <summary>Equal in Spack's sense: same components whatever the separators or leading zeros, and the same git ref if any.</summary>
    public bool Equals(SpackVersion? other) => other is not null && CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is SpackVersion other && Equals(other);

    public override int GetHashCode()
    {
        var hash = (_prereleaseKind * 17) + (_prereleaseNumber?.GetHashCode() ?? 0) + (GitReference is null ? 0 : StringComparer.Ordinal.GetHashCode(GitReference));
        foreach (var component in _release)
        {
            hash = unchecked((hash * 31) + component.GetHashCode());
        }

        return hash;
    }

    public static bool operator ==(SpackVersion? left, SpackVersion? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(SpackVersion? left, SpackVersion? right) => !(left == right);

    public static bool operator <(SpackVersion left, SpackVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(SpackVersion left, SpackVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(SpackVersion left, SpackVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SpackVersion left, SpackVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => Text;
}
