using System.Text;

namespace CacheTasks.Catalog;

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
