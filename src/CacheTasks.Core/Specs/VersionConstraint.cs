using CacheTasks.Diagnostics;

namespace CacheTasks.Specs;

/// <summary>
/// What follows <c>@</c> in a spec: a comma-separated union of <see cref="VersionRange"/>s.
/// </summary>
public sealed class VersionConstraint
{
    private VersionConstraint(string text, IReadOnlyList<VersionRange> ranges)
    {
        Text = text;
        Ranges = ranges;
    }

    /// <summary>Matches every version (no <c>@</c> given).</summary>
    public static VersionConstraint Any { get; } = new(":", [VersionRange.Between(":", null, null)]);

    public string Text { get; }

    public IReadOnlyList<VersionRange> Ranges { get; }

    /// <summary>
    /// Whether every version this constraint allows, <paramref name="outer"/> allows too (Spack's
    /// <c>VersionList.satisfies</c> for abstract specs: each range's ends lie in one of the other's
    /// ranges). A concrete spec's version meets a constraint by <see cref="Contains"/>, the same
    /// question for a single version.
    /// </summary>
    public bool IsWithin(VersionConstraint outer) =>
        Ranges.All(range => outer.Ranges.Any(o =>
            (range.Lower is null ? o.Lower is null && !o.IsExact : o.Contains(range.Lower))
            && (range.Upper is null ? o.Upper is null && !o.IsExact : o.Contains(range.Upper))));

    public bool Contains(SpackVersion version)
    {
        foreach (var range in Ranges)
        {
            if (range.Contains(version))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Parses the text after <c>@</c>. On failure, <paramref name="errorOffset"/> is the
    /// offset in <paramref name="text"/> of the part that is wrong.
    /// </summary>
    public static bool TryParse(string text, out VersionConstraint? constraint, out int errorOffset, out string? error)
    {
        constraint = null;
        errorOffset = 0;
        error = null;
        if (text.Length == 0)
        {
            error = Messages.VersionErrorMissing;
            return false;
        }

        var ranges = new List<VersionRange>();
        var offset = 0;
        foreach (var part in text.Split(','))
        {
            if (!TryParseRange(part, out var range, out error))
            {
                errorOffset = offset;
                return false;
            }

            ranges.Add(range!);
            offset += part.Length + 1;
        }

        constraint = new VersionConstraint(text, ranges);
        return true;
    }

    private static bool TryParseRange(string part, out VersionRange? range, out string? error)
    {
        range = null;
        error = null;
        if (part.Length == 0)
        {
            error = Messages.VersionErrorEmptyElement;
            return false;
        }

        if (part[0] == '=')
        {
            if (!SpackVersion.TryParse(part.Substring(1), out var exact))
            {
                error = string.Format(Messages.VersionErrorNotAVersion, part.Substring(1));
                return false;
            }

            range = VersionRange.Exactly(part, exact!);
            return true;
        }

        // As in Spack, a git version (git.REF=V, REF=V, a commit) is one version, never a range end.
        if (SpackVersion.IsGitText(part))
        {
            if (!SpackVersion.TryParse(part, out var git))
            {
                error = string.Format(Messages.VersionErrorNotAVersion, part);
                return false;
            }

            range = VersionRange.OfGit(part, git!);
            return true;
        }

        var colon = part.IndexOf(':');
        if (colon < 0)
        {
            if (!SpackVersion.TryParseStandard(part, out var single))
            {
                error = string.Format(Messages.VersionErrorNotAVersion, part);
                return false;
            }

            range = VersionRange.Between(part, single, single);
            return true;
        }

        if (part.IndexOf(':', colon + 1) >= 0)
        {
            error = string.Format(Messages.VersionErrorTwoColons, part);
            return false;
        }

        var lowerText = part.Substring(0, colon);
        var upperText = part.Substring(colon + 1);
        SpackVersion? lower = null;
        SpackVersion? upper = null;
        if (lowerText.Length > 0 && !SpackVersion.TryParseStandard(lowerText, out lower))
        {
            error = string.Format(Messages.VersionErrorNotAVersion, lowerText);
            return false;
        }

        if (upperText.Length > 0 && !SpackVersion.TryParseStandard(upperText, out upper))
        {
            error = string.Format(Messages.VersionErrorNotAVersion, upperText);
            return false;
        }

        // A:B takes A ≤ v < B', so 1.2.3:1.2 is fine (1.2.3 up to 1.3) and only B' ≤ A is empty.
        if (lower is not null && upper is not null && upper.Successor() <= lower)
        {
            error = string.Format(Messages.VersionErrorEmptyRange, part, lowerText, upperText);
            return false;
        }

        range = VersionRange.Between(part, lower, upper);
        return true;
    }

    public override string ToString() => Text;
}
