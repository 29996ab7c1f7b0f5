using System.Globalization;
using System.Text;

namespace CacheTasks.IO;

/// <summary>Bytes as lower-case hex digits, as the names of cache and snapshot files use them.</summary>
public static class HexText
{
    /// <summary>The first <paramref name="count"/> bytes (all when negative) as 2 hex digits each.</summary>
    public static string Of(byte[] bytes, int count = -1)
    {
        var length = count < 0 ? bytes.Length : Math.Min(count, bytes.Length);
        var hex = new StringBuilder(length * 2);
        for (var i = 0; i < length; i++)
        {
            hex.Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }
}
