using System.Runtime.CompilerServices;
using CacheTasks.Concrete;

namespace CacheTasks.Catalog;

/// <summary>
/// A byte scanner for the JSON a page generator writes on one line (<c>json.dumps</c>): strings
/// without escapes, plain numbers, literals, arrays and objects, tokens separated by spaces. It
/// accepts only a subset of what <see cref="System.Text.Json.Utf8JsonReader"/> accepts and says
/// "not sure" (false) for anything else, so a caller that falls back to the real reader then gets
/// exactly its answer and its errors. The bytes must have been checked as UTF-8 first.
/// </summary>
/// <remarks>
/// Why not the real reader: it looks for the end of every string with a vectorised search that the
/// runtime compiles unoptimised first in a short process (on this machine a third of a cold load's
/// CPU went there, bench/README.md "Reading pages without building specs"); a string here is a few
/// dozen bytes, which a plain loop in code compiled optimised at once scans faster.
/// </remarks>
internal ref struct JsonLineScanner(ReadOnlySpan<byte> text)
{
    // The real reader allows 64 levels; deeper than this is left to it.
    private const int MaxDepth = 32;

    private readonly ReadOnlySpan<byte> _text = text;

    // 1 for the bytes that end the scan of a plain string: control characters, the quote, the backslash.
    private static ReadOnlySpan<byte> StringStops =>
    [
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    public int Position;

    public readonly bool AtEnd => Position == _text.Length;

    /// <summary>True when <paramref name="value"/> is one JSON object or array and nothing else (false: not sure).</summary>
    [MethodImpl(HotPath.Options)]
    public static bool IsDocument(ReadOnlySpan<byte> value)
    {
        var scanner = new JsonLineScanner(value);
        return !value.IsEmpty && value[0] is (byte)'{' or (byte)'[' && scanner.SkipValue(0) && scanner.AtEnd;
    }

    public void SkipSpaces()
    {
        while (Position < _text.Length && _text[Position] == (byte)' ')
        {
            Position++;
        }
    }

    /// <summary>Skips spaces, then takes <paramref name="token"/> when it comes next.</summary>
    public bool Take(byte token)
    {
        SkipSpaces();
        if (Position < _text.Length && _text[Position] == token)
        {
            Position++;
            return true;
        }

        return false;
    }

    /// <summary>Skips spaces and tells whether <paramref name="token"/> comes next, without taking it.</summary>
    public bool Peek(byte token)
    {
        SkipSpaces();
        return Position < _text.Length && _text[Position] == token;
    }

    /// <summary>A string without escapes or control characters; <paramref name="content"/> is between the quotes.</summary>
    [MethodImpl(HotPath.Options)]
    public bool String(out ReadOnlySpan<byte> content)
    {
        content = default;
        if (!Take((byte)'"'))
        {
            return false;
        }

        var start = Position;
        var stops = StringStops;
        for (var i = start; i < _text.Length; i++)
        {
            // One look-up per byte: most bytes of a string are none of the three kinds that stop it.
            var b = _text[i];
            if (stops[b] == 0)
            {
                continue;
            }

            if (b == (byte)'"')
            {
                content = _text.Slice(start, i - start);
                Position = i + 1;
                return true;
            }

            return false;
        }

        return false;
    }

    /// <summary>A string, number, true, false or null; <paramref name="content"/> is the string's text or the token as written (as the real reader's value span).</summary>
    [MethodImpl(HotPath.Options)]
    public bool Scalar(out ReadOnlySpan<byte> content)
    {
        content = default;
        SkipSpaces();
        if (Position >= _text.Length)
        {
            return false;
        }

        var first = _text[Position];
        if (first == (byte)'"')
        {
            return String(out content);
        }

        var start = Position;
        if (first == (byte)'t' || first == (byte)'f' || first == (byte)'n')
        {
            var rest = _text.Slice(start);
            var literal = rest.StartsWith("true"u8) ? 4 : rest.StartsWith("false"u8) ? 5 : rest.StartsWith("null"u8) ? 4 : 0;
            if (literal == 0)
            {
                return false;
            }

            Position += literal;
            content = _text.Slice(start, literal);
            return true;
        }

        if (!Number())
        {
            return false;
        }

        content = _text.Slice(start, Position - start);
        return true;
    }

    /// <summary>Any value (nested up to a depth), its content not kept.</summary>
    [MethodImpl(HotPath.Options)]
    public bool SkipValue(int depth)
    {
        if (Take((byte)'['))
        {
            if (depth >= MaxDepth)
            {
                return false;
            }

            if (Take((byte)']'))
            {
                return true;
            }

            do
            {
                if (!SkipValue(depth + 1))
                {
                    return false;
                }
            }
            while (Take((byte)','));
            return Take((byte)']');
        }

        if (Take((byte)'{'))
        {
            if (depth >= MaxDepth)
            {
                return false;
            }

            if (Take((byte)'}'))
            {
                return true;
            }

            do
            {
                if (!String(out _) || !Take((byte)':') || !SkipValue(depth + 1))
                {
                    return false;
                }
            }
            while (Take((byte)','));
            return Take((byte)'}');
        }

        return Scalar(out _);
    }

    // RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    private bool Number()
    {
        var i = Position;
        if (i < _text.Length && _text[i] == (byte)'-')
        {
            i++;
        }

        if (i >= _text.Length || !IsDigit(_text[i]))
        {
            return false;
        }

        if (_text[i] == (byte)'0')
        {
            i++;
        }
        else
        {
            i = Digits(i);
        }

        if (i < _text.Length && _text[i] == (byte)'.')
        {
            if (i + 1 >= _text.Length || !IsDigit(_text[i + 1]))
            {
                return false;
            }

            i = Digits(i + 1);
        }

        if (i < _text.Length && _text[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < _text.Length && _text[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            if (i >= _text.Length || !IsDigit(_text[i]))
            {
                return false;
            }

            i = Digits(i);
        }

        Position = i;
        return true;
    }

    private readonly int Digits(int i)
    {
        while (i < _text.Length && IsDigit(_text[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}
