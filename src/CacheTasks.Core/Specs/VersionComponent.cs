namespace CacheTasks.Specs;

/// <summary>
/// One component of a Spack version: a number or a word. Numbers compare as numbers of any size
/// (leading zeros do not count); a number is newer than an ordinary word; the "infinity" words
/// (develop, main, master, head, trunk, nightly, stable) are newer than every number.
/// </summary>
public readonly struct VersionComponent : IComparable<VersionComponent>, IEquatable<VersionComponent>
{
    // Spack's infinity_versions, newest first: 'develop' is the newest a version can be.
    private static readonly string[] InfinityWords = ["develop", "main", "master", "head", "trunk", "nightly", "stable"];

    private VersionComponent(string text, bool isNumber)
    {
        Text = text;
        IsNumber = isNumber;
    }

    /// <summary>The digits without leading zeros, or the word as written.</summary>
    public string Text { get; }

    public bool IsNumber { get; }

    /// <summary>0 for ordinary words and numbers; for infinity words, larger means newer.</summary>
    private int InfinityRank
    {
        get
        {
            if (IsNumber)
            {
                return 0;
            }

            var index = Array.IndexOf(InfinityWords, Text);
            return index < 0 ? 0 : InfinityWords.Length - index;
        }
    }

    public static VersionComponent Number(string digits)
    {
        var trimmed = digits.TrimStart('0');
        return new VersionComponent(trimmed.Length == 0 ? "0" : trimmed, isNumber: true);
    }

    public static VersionComponent Word(string word) => new(word, isNumber: false);

    public int CompareTo(VersionComponent other)
    {
        if (IsNumber && other.IsNumber)
        {
            // Digits without leading zeros: a longer number is larger, equal lengths compare as text.
            var byLength = Text.Length.CompareTo(other.Text.Length);
            return byLength != 0 ? byLength : string.CompareOrdinal(Text, other.Text);
        }

        var rank = InfinityRank;
        var otherRank = other.InfinityRank;
        if (rank != 0 || otherRank != 0)
        {
            return rank.CompareTo(otherRank);
        }

        if (IsNumber != other.IsNumber)
        {
            return IsNumber ? 1 : -1;
        }

        return string.CompareOrdinal(Text, other.Text);
    }

    /// <summary>
    /// The next component in order, used for the exclusive upper end of <c>@V</c>:
    /// 4 → 5, "b" → "c", "az" → "b", "zz" → "zza" (as Spack's next_version does).
    /// </summary>
    public VersionComponent Successor()
    {
        if (IsNumber)
        {
            return Number(IncrementDigits(Text));
        }

        var chars = Text.ToCharArray();
        var i = chars.Length - 1;
        while (i >= 0 && chars[i] == 'z')
        {
            i--;
        }

        if (i < 0)
        {
            return Word(Text + "a");
        }

        chars[i]++;
        return Word(new string(chars, 0, i + 1));
    }

    private static string IncrementDigits(string digits)
    {
        var chars = digits.ToCharArray();
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            if (chars[i] != '9')
            {
                chars[i]++;
                return new string(chars);
            }

            chars[i] = '0';
        }

        return "1" + new string(chars);
    }

    public bool Equals(VersionComponent other) => IsNumber == other.IsNumber && Text == other.Text;

    public override bool Equals(object? obj) => obj is VersionComponent other && Equals(other);

    public override int GetHashCode() => (Text?.GetHashCode() ?? 0) * 2 + (IsNumber ? 1 : 0);

    public static bool operator ==(VersionComponent left, VersionComponent right) => left.Equals(right);

    public static bool operator !=(VersionComponent left, VersionComponent right) => !left.Equals(right);

    public static bool operator <(VersionComponent left, VersionComponent right) => left.CompareTo(right) < 0;

    public static bool operator >(VersionComponent left, VersionComponent right) => left.CompareTo(right) > 0;

    public static bool operator <=(VersionComponent left, VersionComponent right) => left.CompareTo(right) <= 0;

    public static bool operator >=(VersionComponent left, VersionComponent right) => left.CompareTo(right) >= 0;

    public override string ToString() => Text;
}
