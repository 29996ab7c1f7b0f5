using System.Text;

namespace CacheTasks.IO;

/// <summary>Small helpers for reading catalog files as UTF-8 bytes without decoding them whole.</summary>
internal static class Utf8Text
{
    public static readonly Encoding Strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>The 1-based column of <paramref name="offset"/> in <paramref name="line"/>, counted in characters as editors do.</summary>
    public static int Column(ReadOnlySpan<byte> line, int offset)
    {
        var column = 1;
        for (var i = 0; i < offset && i < line.Length; i++)
        {
            // Continuation bytes (10xxxxxx) belong to the character before them.
            if ((line[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return column;
    }

    public static bool IsAscii(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b >= 0x80)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The offset of the first byte that is not UTF-8, or -1 when all of it is.</summary>
    public static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
#if !NETSTANDARD2_0
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return -1;
        }
#endif
        var position = 0;
        while (position < bytes.Length)
        {
            var lead = bytes[position];
            var length = lead < 0x80 ? 1 : lead is >= 0xC2 and <= 0xDF ? 2 : lead is >= 0xE0 and <= 0xEF ? 3 : lead is >= 0xF0 and <= 0xF4 ? 4 : 0;
            if (length == 0 || position + length > bytes.Length)
            {
                return position;
            }

            for (var i = 1; i < length; i++)
            {
                if ((bytes[position + i] & 0xC0) != 0x80)
                {
                    return position;
                }
            }

            // Overlong forms, surrogates and code points above U+10FFFF.
            var second = length > 1 ? bytes[position + 1] : (byte)0;
            if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) || (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F))
            {
                return position;
            }

            position += length;
        }

        return -1;
    }

    /// <summary>The 1-based line and column of <paramref name="offset"/> in a whole file.</summary>
    public static (int Line, int Column) Position(ReadOnlySpan<byte> file, int offset)
    {
        var lineStart = file.Slice(0, offset).LastIndexOf((byte)'\n') + 1;
        var line = 1;
        foreach (var b in file.Slice(0, lineStart))
        {
            if (b == (byte)'\n')
            {
                line++;
            }
        }

        return (line, Column(file.Slice(lineStart), offset - lineStart));
    }

    public static string GetString(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

#if NETSTANDARD2_0
        return Strict.GetString(bytes.ToArray());
#else
        return Strict.GetString(bytes);
#endif
    }
}
