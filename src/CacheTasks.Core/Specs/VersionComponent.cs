namespace CacheTasks.Specs;

/// <summary>
/// One component of a Spack version: a number, a word, or one of the "infinity" words. Numbers
/// compare as numbers of any size (leading zeros do not count); a number is newer than an
/// ordinary word; the infinity words (<c>develop</c> &gt; <c>main</c> &gt; <c>master</c> &gt;
/// <c>head</c> &gt; <c>trunk</c> &gt; <c>nightly</c> &gt; <c>stable</c>) are newer than every number,
/// as in Spack's <c>VersionStrComponent</c>.
/// </summary>
public readonly struct VersionComponent : IComparable<VersionComponent>, IEquatable<VersionComponent>
{
    // Spack's infinity_versions, oldest first: an index further right is newer. One past the end
    // is the "infinity" Spack uses as the successor of develop (nothing a user writes).
    private static readonly string[] InfinityWords = ["stable", "nightly", "trunk", "head", "master", "main", "develop"];
    private const string BeyondDevelop = "infinity";

    private readonly ComponentKind _kind;
    private readonly int _infinityIndex;

    private VersionComponent(string text, ComponentKind kind, int infinityIndex)
    {
        Text = text;
        _kind = kind;
        _infinityIndex = infinityIndex;
    }

    private enum ComponentKind
    {
        Word,
        Number,
        Infinity,
    }

    /// <summary>The digits without leading zeros, or the word as written.</summary>
    public string Text { get; }

    public bool IsNumber => _kind == ComponentKind.Number;

    /// <summary>True for develop, main, master, head, trunk, nightly and stable.</summary>
    public bool IsInfinity => _kind == ComponentKind.Infinity;

    public static VersionComponent Number(string digits)
    {
        var trimmed = digits.TrimStart('0');
        return new VersionComponent(trimmed.Length == 0 ? "0" : trimmed, ComponentKind.Number, 0);
    }

    public static VersionComponent Word(string word)
    {
        var index = Array.IndexOf(InfinityWords, word);
        return index < 0 ? new VersionComponent(word, ComponentKind.Word, 0) : new VersionComponent(word, ComponentKind.Infinity, index);
    }

    public int CompareTo(VersionComponent other)
    {
        if (_kind != other._kind)
        {
            // word < number < infinity word
            return Rank(_kind).CompareTo(Rank(other._kind));
        }

        return _kind switch
        {
            ComponentKind.Number => CompareDigits(Text, other.Text),
            ComponentKind.Infinity => _infinityIndex.CompareTo(other._infinityIndex),
            _ => string.CompareOrdinal(Text, other.Text),
        };
    }

    private static int Rank(ComponentKind kind) => kind switch
    {
        ComponentKind.Word => 0,
        ComponentKind.Number => 1,
        _ => 2,
    };

    // Digits without leading zeros: a longer number is larger, equal lengths compare as text.
    private static int CompareDigits(string a, string b)
    {
        var byLength = a.Length.CompareTo(b.Length);
        return byLength != 0 ? byLength : string.CompareOrdinal(a, b);
    }

    /// <summary>
    /// The smallest component newer than this one, as Spack's <c>_next_version</c> computes it:
    /// 4 → 5; a word gets its last letter raised (<c>b</c> → <c>c</c>, <c>Z</c> → <c>a</c>) or,
    /// ending in <c>z</c>, an <c>A</c> appended, skipping the infinity words; an infinity word
    /// becomes the next one (<c>master</c> → <c>main</c>, <c>develop</c> → beyond every version).
    /// <c>@V</c> means <c>V ≤ v &lt; V'</c> with V' the version with its last component so raised.
    /// </summary>
    public VersionComponent Successor()
    {
        switch (_kind)
        {
            case ComponentKind.Number:
                return Number(IncrementDigits(Text));
            case ComponentKind.Infinity:
                var next = _infinityIndex + 1;
                return new VersionComponent(next < InfinityWords.Length ? InfinityWords[next] : BeyondDevelop, ComponentKind.Infinity, next);
        }

        var word = Text;
        do
        {
            word = NextWord(word);
        }
        while (Array.IndexOf(InfinityWords, word) >= 0);

        return new VersionComponent(word, ComponentKind.Word, 0);
    }

    // Spack's _next_str over the letters A-Z, a-z in code-point order.
    private static string NextWord(string word)
    {
        if (word.Length == 0 || word[word.Length - 1] == 'z')
        {
            return word + "A";
        }

        var last = word[word.Length - 1];
        return word.Substring(0, word.Length - 1) + (last == 'Z' ? 'a' : (char)(last + 1));
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

    public bool Equals(VersionComponent other) => _kind == other._kind && _infinityIndex == other._infinityIndex && Text == other.Text;

    public override bool Equals(object? obj) => obj is VersionComponent other && Equals(other);

    public override int GetHashCode() => ((Text?.GetHashCode() ?? 0) * 3) + (int)_kind;

    public static bool operator ==(VersionComponent left, VersionComponent right) => left.Equals(right);

    public static bool operator !=(VersionComponent left, VersionComponent right) => !left.Equals(right);

    public static bool operator <(VersionComponent left, VersionComponent right) => left.CompareTo(right) < 0;

    public static bool operator >(VersionComponent left, VersionComponent right) => left.CompareTo(right) > 0;

    public static bool operator <=(VersionComponent left, VersionComponent right) => left.CompareTo(right) <= 0;

    public static bool operator >=(VersionComponent left, VersionComponent right) => left.CompareTo(right) >= 0;

    public override string ToString() => Text;
}
