namespace CacheTasks.IO;

/// <summary>
/// The one stamp model: a file or folder as it was seen (its length and last write time; a folder
/// has length 0, something absent length -1). The parsed-catalog cache, the catalog snapshot and the
/// files a check read are all judged by it, with one comparison (<see cref="IsCurrent"/>) and one
/// racy-window rule (<see cref="IsSettledAt"/>).
/// </summary>
/// <remarks>
/// The racy window is git's: a time within <see cref="RacyWindow"/> of the moment the stamp was taken
/// is not trusted, because a second write in the same clock tick (2 s on FAT, 1 s on HFS+ and many
/// network file systems) would leave the stamp unchanged and go unseen.
/// </remarks>
public readonly record struct FileStamp(string Path, long Length, long LastWriteTicks, bool IsFolder = false)
{
    /// <summary>How close to the moment it was taken a stamp's time may be and still be trusted.</summary>
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    public bool Exists => Length >= 0;

    public static FileStamp Absent(string path) => new(path, -1, 0);

    /// <summary>
    /// The file at <paramref name="path"/> now, or absent; with <paramref name="info"/> from a listing, that
    /// listing's status is reused (no second stat). The path is kept as given.
    /// </summary>
    public static FileStamp Of(string path, FileInfo? info = null)
    {
        try
        {
            info ??= new FileInfo(path);
            return info.Exists ? new FileStamp(path, info.Length, info.LastWriteTimeUtc.Ticks) : Absent(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // Gone or unreadable since it was listed, or a name the OS refuses: as good as absent.
            return Absent(path);
        }
    }

    public static FileStamp OfFolder(string path, long lastWriteTicks) => new(path, 0, lastWriteTicks, IsFolder: true);

    /// <summary>
    /// True when the stamp's time is older than <see cref="RacyWindow"/> before <paramref name="observedAtTicks"/>
    /// (UTC ticks of when it was taken), so a change after that moment cannot share its time. An absent entry is settled.
    /// </summary>
    public bool IsSettledAt(long observedAtTicks) => !Exists || LastWriteTicks < observedAtTicks - RacyWindow.Ticks;

    /// <summary>True when the file or folder is still as stamped (one stat).</summary>
    public bool IsCurrent()
    {
        try
        {
            if (IsFolder)
            {
                var folder = new DirectoryInfo(Path);
                return folder.Exists && folder.LastWriteTimeUtc.Ticks == LastWriteTicks;
            }

            if (!Exists)
            {
                return !File.Exists(Path) && !Directory.Exists(Path);
            }

            var file = new FileInfo(Path);
            return file.Exists && file.Length == Length && file.LastWriteTimeUtc.Ticks == LastWriteTicks;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false;
        }
    }
}
