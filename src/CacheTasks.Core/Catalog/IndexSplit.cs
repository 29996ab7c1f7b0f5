using CacheTasks.IO;

namespace CacheTasks.Catalog;

/// <summary>
/// Where a large mirror index is cut so that its installs are skimmed on several cores at once
/// (<see cref="MirrorIndexReader"/>'s later parts, issue 24): each point is an offset just after
/// an install's closing <c>}</c> that a byte search found followed by <c>,"key":{</c>, and
/// <see cref="Open"/> gives a part its own handle on the same bytes.
/// </summary>
/// <remarks>
/// A point is only a guess: the bytes <c>},"x":{</c> may sit inside a string. The reader trusts a
/// part only once the first part, reading on its own, stands exactly on that offset between two
/// installs; anywhere else the part's work is dropped and the first part reads on, so a wrong
/// point costs time, never the answer.
/// </remarks>
internal sealed class IndexSplit(long[] points, Func<Stream> open)
{
    /// <summary>
    /// Smaller files are read on one thread. A part costs a thread, a second handle, a 1 MiB
    /// buffer and a merge of its records (a few milliseconds for 30,000 installs); the skim reads
    /// about 200 MB/s, so at 8 MiB the second core saves ~20 ms, well above that cost, and the
    /// small indexes most mirrors have are read exactly as before.
    /// </summary>
    internal const long MinBytes = 8L << 20;

    /// <summary>No part smaller than this: a 10 MB file on 16 cores is still cut in two, not sixteen.</summary>
    internal const long MinPartBytes = 4L << 20;

    /// <summary>Beyond this, more parts save little and each holds its own buffer and hash table.</summary>
    private const int MaxParts = 8;

    /// <summary>How far past a part's nominal start a point is looked for, in windows of <see cref="Window"/> bytes.</summary>
    private const int Window = 64 << 10;
    private const int Windows = 16;

    /// <summary>
    /// An install's key is its DAG hash: 32 characters of Spack's base32 alphabet. Other keys
    /// follow a <c>},</c> inside an install far more often (<c>"arch":{…},"parameters":{</c>),
    /// and a point there is a part wasted; an index keyed otherwise is read on one thread.
    /// </summary>
    private const int KeyBytes = 32;

    /// <summary>The later parts' starts, ascending; the first part starts at the file's start.</summary>
    public long[] Points => points;

    /// <summary>Another handle on the bytes the first part reads, for one later part.</summary>
    public Func<Stream> Open => open;

    /// <summary>How many later parts the last read took (merged) instead of reading their bytes itself: tests see the split was used.</summary>
    public int Merged { get; set; }

    /// <summary>
    /// The split for the index file the loader opened (<paramref name="stream"/>, stamped
    /// <paramref name="stamp"/> before it was opened), or null when one thread reads it: small,
    /// one core, or no point found. A part's handle is checked to be the same file (its length,
    /// and the path still stamped so): a file replaced in between is read by the first part alone.
    /// </summary>
    public static IndexSplit? Of(FileStream stream, FileStamp stamp)
    {
        // A pipe or device has no length and cannot be read from a second place: one thread reads it, as it always could.
        if (!stream.CanSeek)
        {
            return null;
        }

        var length = stream.Length;
        var parts = (int)Math.Min(Math.Min(Environment.ProcessorCount, MaxParts), length / MinPartBytes);
        return length < MinBytes ? null : Plan(stream, parts, () => OpenAgain(stream.Name, stamp, length));
    }

    /// <summary>The split of a seekable stream into <paramref name="parts"/> near-equal parts, or null (one part, or no point found).</summary>
    internal static IndexSplit? Plan(Stream stream, int parts, Func<Stream> open)
    {
        if (parts < 2 || !stream.CanSeek)
        {
            return null;
        }

        var length = stream.Length;
        var found = new List<long>();
        var window = new byte[Window];
        var position = stream.Position;
        try
        {
            for (var k = 1; k < parts; k++)
            {
                var from = Math.Max(k * (length / parts), found.Count == 0 ? 1 : found[found.Count - 1] + 1);
                if (Find(stream, from, window) is { } point && point < length)
                {
                    found.Add(point);
                }
            }
        }
        finally
        {
            stream.Position = position;
        }

        return found.Count == 0 ? null : new IndexSplit(found.ToArray(), open);
    }

    /// <summary>The first point at or after <paramref name="from"/> within a few windows, or null.</summary>
    private static long? Find(Stream stream, long from, byte[] window)
    {
        // Windows overlap by a key's length, so a point whose key a window cut is found in the next one.
        for (var w = 0; w < Windows; w++)
        {
            var start = from + (w * (long)(Window - 64));
            stream.Position = start;
            var read = 0;
            int got;
            while (read < window.Length && (got = stream.Read(window, read, window.Length - read)) > 0)
            {
                read += got;
            }

            var at = Find(window.AsSpan(0, read));
            if (at >= 0)
            {
                return start + at;
            }

            if (read < window.Length)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The offset just after the first <c>}</c> in <paramref name="bytes"/> followed by
    /// <c>,"key":{</c> (JSON whitespace allowed between tokens, the key an install's hash), or -1.
    /// </summary>
    internal static int Find(ReadOnlySpan<byte> bytes)
    {
        for (var i = bytes.IndexOf((byte)'}'); i >= 0;)
        {
            if (IsInstallStart(bytes.Slice(i + 1)))
            {
                return i + 1;
            }

            var next = bytes.Slice(i + 1).IndexOf((byte)'}');
            i = next < 0 ? -1 : i + 1 + next;
        }

        return -1;
    }

    // ,"key":{ with whitespace between the tokens.
    private static bool IsInstallStart(ReadOnlySpan<byte> bytes)
    {
        var i = Blank(bytes, 0);
        if (i >= bytes.Length || bytes[i] != (byte)',')
        {
            return false;
        }

        i = Blank(bytes, i + 1);
        if (i >= bytes.Length || bytes[i] != (byte)'"')
        {
            return false;
        }

        if (i + 1 + KeyBytes >= bytes.Length || bytes[i + 1 + KeyBytes] != (byte)'"')
        {
            return false;
        }

        foreach (var b in bytes.Slice(i + 1, KeyBytes))
        {
            if (b is not ((>= (byte)'a' and <= (byte)'z') or (>= (byte)'2' and <= (byte)'7')))
            {
                return false;
            }
        }

        i = Blank(bytes, i + 1 + KeyBytes + 1);
        if (i >= bytes.Length || bytes[i] != (byte)':')
        {
            return false;
        }

        i = Blank(bytes, i + 1);
        return i < bytes.Length && bytes[i] == (byte)'{';
    }

    private static int Blank(ReadOnlySpan<byte> bytes, int i)
    {
        while (i < bytes.Length && bytes[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// A second handle on the index, shared so that neither handle keeps the other or a writer out;
    /// refused (the part is then read by the first) unless it is the file the load stamped.
    /// </summary>
    private static Stream OpenAgain(string path, FileStamp stamp, long length)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        if (stream.Length != length || !stamp.IsCurrent())
        {
            stream.Dispose();
            throw new IndexChangedException(path);
        }

        return stream;
    }
}
