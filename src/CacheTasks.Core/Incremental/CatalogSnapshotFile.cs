using System.Text;
using CacheTasks.Catalog;
using CacheTasks.IO;

namespace CacheTasks.Incremental;

/// <summary>
/// Reads and writes a <see cref="CatalogSnapshot"/> as <c>snapshot-&lt;key&gt;.bin</c> in a folder that
/// belongs to one catalog (the shared parsed-catalog folder). The name is the snapshot's
/// <see cref="CatalogSnapshotKey"/>, so a file once written never changes: every project of every
/// build that saw the same catalog state points at the same file, and the first to save it writes it.
/// Writes are atomic (temporary file, then rename): a reader finds the whole file or none. A file
/// that is missing, damaged, of another format or another key reads as null, and the replay then
/// checks again.
/// </summary>
public static class CatalogSnapshotFile
{
    /// <summary>The shape of the file; a file of another version is not trusted.</summary>
    public const int FormatVersion = 2;

    private const int Magic = 0x534E5443; // "CTNS"

    private const string Prefix = "snapshot-";
    private const string Extension = ".bin";

    // Format 1 was JSON under this name; a folder of an older build may still hold such files.
    private const string OldExtension = ".json";

    /// <summary>
    /// How many snapshot files a folder keeps: each edit of the catalog makes a new one (~0.8 MB for
    /// 16,000 entries), and only the newest are still named by anyone's results. A project whose
    /// file was removed checks again, nothing worse.
    /// </summary>
    internal const int Kept = 4;

    public static string PathFor(string folder, string key) => Path.Combine(folder, Prefix + key + Extension);

    /// <summary>
    /// Saves <paramref name="snapshot"/> in <paramref name="folder"/> unless a file of the same key is
    /// there already, then removes all but the newest <see cref="Kept"/> snapshot files.
    /// I/O errors go up: the caller then saves no results and the next build checks again.
    /// </summary>
    public static SavedCatalogSnapshot Save(string folder, CatalogSnapshot snapshot)
    {
        var key = CatalogSnapshotKey.Of(snapshot);
        var path = PathFor(folder, key);
        if (File.Exists(path))
        {
            // Same name, same content: only mark it as in use, so that the pruning below keeps it.
            Touch(path);
        }
        else
        {
            AtomicFile.Write(path, stream => Write(stream, key, snapshot));
        }

        Prune(folder);
        return new SavedCatalogSnapshot(key, Path.GetFullPath(path));
    }

    public static CatalogSnapshot? Read(string path, string key)
    {
        try
        {
            return ReadSnapshot(File.ReadAllBytes(path), key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    // Binary, not JSON: the file is read once per node per no-op build, and it is most of what a
    // no-op check costs (a develop-scale catalog's 16,000 entries: 1.5 MB of JSON, 20-35 ms to
    // read; this layout a third of the bytes, a few ms). The folder all entries share is written
    // once, then each entry as its path under that folder, its kind, size and time. The layout's
    // strings are BinaryWriter's (a 7-bit length, then UTF-8).
    private static void Write(Stream stream, string key, CatalogSnapshot snapshot)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        var root = SharedFolder(snapshot.Entries);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(key);
        writer.Write(root);
        writer.Write(snapshot.Entries.Count);
        foreach (var entry in snapshot.Entries)
        {
#pragma warning disable CA1846 // Write(ReadOnlySpan<char>) writes no length, so the reader could not find where the path ends.
            writer.Write(entry.Path.Substring(root.Length));
#pragma warning restore CA1846
            writer.Write(entry.IsFolder);
            writer.Write(entry.Length);
            writer.Write(entry.LastWriteTicks);
        }

        writer.Write(Magic);
    }

    // Not HotPath: called once per node and build, its ReadyToRun code serves (HotPath.cs says why).
    private static CatalogSnapshot? ReadSnapshot(byte[] bytes, string key)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        if (reader.ReadInt32() != Magic || reader.ReadInt32() != FormatVersion || reader.ReadString() != key)
        {
            return null;
        }

        var root = reader.ReadString();
        var count = reader.ReadInt32();
        // Each entry takes at least 18 bytes: a damaged count must not allocate for millions.
        if (count < 0 || count > (bytes.Length - reader.BaseStream.Position) / 18)
        {
            return null;
        }

        var entries = new FileStamp[count];
        for (var i = 0; i < count; i++)
        {
            var path = string.Concat(root, reader.ReadString());
            var isFolder = reader.ReadBoolean();
            entries[i] = new FileStamp(path, reader.ReadInt64(), reader.ReadInt64(), isFolder);
        }

        return reader.ReadInt32() == Magic && reader.BaseStream.Position == bytes.Length ? new CatalogSnapshot(entries) : null;
    }

    // The longest leading text that ends at a folder separator and every entry's path starts with:
    // the catalog's own folder, most often.
    private static string SharedFolder(IReadOnlyList<FileStamp> entries)
    {
        if (entries.Count == 0)
        {
            return string.Empty;
        }

        var shared = entries[0].Path.Length;
        var first = entries[0].Path;
        foreach (var entry in entries)
        {
            shared = Math.Min(shared, entry.Path.Length);
            var i = 0;
            while (i < shared && entry.Path[i] == first[i])
            {
                i++;
            }

            shared = i;
        }

        var cut = first.AsSpan(0, shared).LastIndexOfAny('/', '\\');
        return cut < 0 ? string.Empty : first.Substring(0, cut + 1);
    }

    private static void Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only the pruning order depends on it.
        }
    }

    private static void Prune(string folder)
    {
        try
        {
            var files = new DirectoryInfo(folder);
            var old = files.GetFiles(Prefix + "*" + Extension)
                .OrderByDescending(f => f.LastWriteTimeUtc)
                .Skip(Kept)
                .Concat(files.GetFiles(Prefix + "*" + OldExtension));
            foreach (var file in old)
            {
                // A build replaying from it now keeps reading (Unix) or keeps it (Windows refuses the delete).
                AtomicFile.TryDelete(file.FullName);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next check to remove.
        }
    }
}
