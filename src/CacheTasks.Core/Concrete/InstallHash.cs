using System.Runtime.CompilerServices;
using CacheTasks.IO;
namespace CacheTasks.Concrete;

/// <summary>
/// A Spack DAG hash as a lookup key without a string: the 32 base32 characters Spack writes
/// (<c>a-z</c>, <c>2-7</c>) packed into 160 bits. An index has one hash per install and one per
/// dependency edge (hundreds of thousands); anything else is kept as text.
/// </summary>
internal readonly struct InstallHash : IEquatable<InstallHash>
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    private readonly ulong _high;
    private readonly ulong _middle;
    private readonly ulong _low;
    private readonly string? _text;

    private InstallHash(ulong high, ulong middle, ulong low, string? text)
    {
        _high = high;
        _middle = middle;
        _low = low;
        _text = text;
    }

    [MethodImpl(HotPath.Options)]
    public static InstallHash From(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 32)
        {
            ulong high = 0, middle = 0, low = 0;
            var packed = true;
            for (var i = 0; i < 32 && packed; i++)
            {
                var b = utf8[i];
                int value = b is >= (byte)'a' and <= (byte)'z' ? b - 'a' : b is >= (byte)'2' and <= (byte)'7' ? b - '2' + 26 : -1;
                packed = value >= 0;
                if (i < 12)
                {
                    high = (high << 5) | (uint)value;
                }
                else if (i < 24)
                {
                    middle = (middle << 5) | (uint)value;
                }
                else
                {
                    low = (low << 5) | (uint)value;
                }
            }

            if (packed)
            {
                return new InstallHash(high, middle, low, null);
            }
        }

        return new InstallHash(0, 0, 0, Utf8Text.GetString(utf8));
    }

    [MethodImpl(HotPath.Options)]
    public static InstallHash From(string text) => From(Utf8Text.Strict.GetBytes(text));

    public bool Equals(InstallHash other) => _high == other._high && _middle == other._middle && _low == other._low && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is InstallHash other && Equals(other);

    public override int GetHashCode() =>
        _text?.GetHashCode() ?? unchecked((int)(_high ^ (_high >> 32) ^ (_middle * 31) ^ (_middle >> 29) ^ _low ^ (_low >> 32)));

    /// <summary>The hash's UTF-8 into <paramref name="utf8"/> when it is exactly that long (32 bytes: every hash Spack writes); false otherwise.</summary>
    public bool TryWriteUtf8(Span<byte> utf8)
    {
        if (_text is not null)
        {
            if (Utf8Text.Strict.GetByteCount(_text) != utf8.Length)
            {
                return false;
            }

            var bytes = Utf8Text.Strict.GetBytes(_text);
            bytes.CopyTo(utf8);
            return true;
        }

        if (utf8.Length != 32)
        {
            return false;
        }

        Unpack(utf8, 0, _high, 12);
        Unpack(utf8, 12, _middle, 12);
        Unpack(utf8, 24, _low, 8);
        return true;
    }

    private static void Unpack(Span<byte> utf8, int start, ulong bits, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            utf8[start + i] = (byte)Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }
    }

    /// <summary>The hash as Spack writes it (for messages).</summary>
    public override string ToString()
    {
        if (_text is not null)
        {
            return _text;
        }

        var chars = new char[32];
        Unpack(chars, 0, _high, 12);
        Unpack(chars, 12, _middle, 12);
        Unpack(chars, 24, _low, 8);
        return new string(chars);
    }

    private static void Unpack(char[] chars, int start, ulong bits, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            chars[start + i] = Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }
    }
}
