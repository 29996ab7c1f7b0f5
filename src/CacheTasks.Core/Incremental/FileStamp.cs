namespace CacheTasks.Incremental;

/// <summary>A file a check read, as it was then: its length and last write time, or absent (length -1).</summary>
public sealed record FileStamp(string Path, long Length, long LastWriteTicks)
{
    public static FileStamp Of(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(path, info.Length, info.LastWriteTimeUtc.Ticks) : new FileStamp(path, -1, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new FileStamp(path, -1, 0);
        }
    }
}
