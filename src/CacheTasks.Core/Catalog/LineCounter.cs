using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CacheTasks.Concrete;
using CacheTasks.IO;

namespace CacheTasks.Catalog;

/// <summary>
/// Lines and columns of a file read front to back in chunks: moves forward only, over each byte
/// once, so locating every install of a one-line index costs one pass over it (counting from the
/// file's start for each install was quadratic). Columns count characters as editors do (see
/// <see cref="Utf8Text.Column"/>).
/// </summary>
internal sealed class LineCounter
{
    /// <summary>The absolute offset up to which the bytes were counted.</summary>
    public long Position { get; private set; }

    public int Line { get; private set; } = 1;

    public int Column { get; private set; } = 1;

    /// <summary>Counts the bytes from <see cref="Position"/> to <paramref name="offset"/>; <paramref name="chunk"/> holds the file from <paramref name="chunkStart"/> on.</summary>
    [MethodImpl(HotPath.Options)]
    public void MoveTo(ReadOnlySpan<byte> chunk, long chunkStart, long offset)
    {
        if (offset <= Position)
        {
            return;
        }

        var segment = chunk.Slice((int)(Position - chunkStart), (int)(offset - Position));
        var lastNewline = segment.LastIndexOf((byte)'\n');
        if (lastNewline >= 0)
        {
            Line += Newlines(segment.Slice(0, lastNewline + 1));
            Column = 1;
            segment = segment.Slice(lastNewline + 1);
        }

        Column += segment.Length - ContinuationBytes(segment);
        Position = offset;
    }

    /// <summary>
    /// Counts on from <paramref name="position"/>, which is at <paramref name="line"/> and
    /// <paramref name="column"/>: a part of the file counted elsewhere (another thread's part of an
    /// index) is not counted again.
    /// </summary>
    public void Restart(long position, int line, int column)
    {
        Position = position;
        Line = line;
        Column = column;
    }

    /// <summary>
    /// The place of a position counted by a counter that started at line 1, column 1 at a point
    /// which is itself at <paramref name="startLine"/>/<paramref name="startColumn"/>: on the same
    /// line the columns add up, on a later line the column stands.
    /// </summary>
    public static (int Line, int Column) After(int startLine, int startColumn, int line, int column) =>
        line == 1 ? (startLine, startColumn + column - 1) : (startLine + line - 1, column);

    private static int Newlines(ReadOnlySpan<byte> bytes)
    {
#if NETSTANDARD2_0
        var count = 0;
        int next;
        while ((next = bytes.IndexOf((byte)'\n')) >= 0)
        {
            count++;
            bytes = bytes.Slice(next + 1);
        }

        return count;
#else
        return bytes.Count((byte)'\n');
#endif
    }

    /// <summary>Bytes of the form 10xxxxxx, eight at a time: they continue the character before them.</summary>
    [MethodImpl(HotPath.Options)]
    private static int ContinuationBytes(ReadOnlySpan<byte> bytes)
    {
        const ulong High = 0x8080808080808080UL;
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        var count = 0;
        foreach (var word in words)
        {
            if ((word & High) == 0)
            {
                continue;
            }

            // Bit 7 set and bit 6 clear in the same byte; the shift's carry between bytes lands on bit 0, masked off.
            var marks = (word & ~(word << 1) & High) >> 7;
            count += (int)((marks * 0x0101010101010101UL) >> 56);
        }

        for (var i = words.Length * 8; i < bytes.Length; i++)
        {
            if ((bytes[i] & 0xC0) == 0x80)
            {
                count++;
            }
        }

        return count;
    }
}
