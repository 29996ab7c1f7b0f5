using System.Text.RegularExpressions;

namespace CacheTasks.Specs;

/// <summary>
/// A concrete version as Spack orders it (not SemVer). The text splits into components at
/// <c>.</c>, <c>-</c>, <c>_</c> and at every digit/letter boundary; separators do not affect
/// equality; a proper prefix is older (1.2 &lt; 1.2.0); a trailing alpha, beta or rc (optionally
/// numbered) marks a prerelease, older than the release. <c>git.REF=V</c> compares as V.
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

    private SpackVersion(string text, VersionComponent[] release, int prereleaseKind, VersionComponent? prereleaseNumber, string? gitReference)
    {
        Text = text;
        _release = release;
        _prereleaseKind = prereleaseKind;
        _prereleaseNumber = prereleaseNumber;
        GitReference = gitReference;
    }

    /// <summary>The version as it was written.</summary>
    public string Text { get; }

    /// <summary>The release components (without a prerelease suffix).</summary>
    public IReadOnlyList<VersionComponent> Release => _release;

    /// <summary>For <c>git.REF=V</c> versions, REF; otherwise null.</summary>
    public string? GitReference { get; }

    public bool IsGitVersion => GitReference is not null;

    public bool IsPrerelease => _prereleaseKind != Final;

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
        if (trimmed.Length == 0 || !ValidVersion.IsMatch(trimmed))
        {
            return false;
        }

        string? gitReference = null;
        var comparable = trimmed;
        if (trimmed.StartsWith("git.", StringComparison.Ordinal))
        {
            // git.<ref>=<version> orders as <version>; a bare git.<ref> orders by the ref's text.
            var equals = trimmed.IndexOf('=');
            gitReference = equals < 0 ? trimmed.Substring(4) : trimmed.Substring(4, equals - 4);
            comparable = equals < 0 ? gitReference : trimmed.Substring(equals + 1);
            if (comparable.Length == 0 || gitReference.Length == 0)
            {
                return false;
            }
        }
        else if (trimmed.IndexOf('=') >= 0)
        {
            return false;
        }

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

        version = new SpackVersion(trimmed, components.ToArray(), kind, number, gitReference);
        return true;
    }

    private static int? PrereleaseKind(string word) => word switch
    {
        "alpha" => Alpha,
        "beta" => Beta,
        "rc" => ReleaseCandidate,
        _ => null,
    };

    /// <summary>
    /// The smallest version newer than everything that starts with this one: the last component
    /// incremented (2.4 → 2.5), or for a prerelease the prerelease number (2.4rc1 → 2.4rc2).
    /// <c>@V</c> means <c>V ≤ v &lt; Successor(V)</c>.
    /// </summary>
    public SpackVersion Successor()
    {
        if (_prereleaseKind != Final)
        {
            var next = _prereleaseNumber is { } n ? n.Successor() : VersionComponent.Number("0");
            return new SpackVersion(Text, _release, _prereleaseKind, next, gitReference: null);
        }

        var release = (VersionComponent[])_release.Clone();
        release[release.Length - 1] = release[release.Length - 1].Successor();
        return new SpackVersion(Text, release, Final, null, gitReference: null);
    }

    public int CompareTo(SpackVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

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

    /// <summary>Equal in Spack's sense: same components, whatever the separators or leading zeros.</summary>
    public bool Equals(SpackVersion? other) => other is not null && CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is SpackVersion other && Equals(other);

    public override int GetHashCode()
    {
        var hash = _prereleaseKind;
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
