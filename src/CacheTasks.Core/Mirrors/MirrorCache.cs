using CacheTasks.IO;

namespace CacheTasks.Mirrors;

/// <summary>
/// One mirror's folder in the per-user cache: <c>&lt;root&gt;/mirrors/&lt;key&gt;/</c> holds <c>entry.json</c>,
/// a <c>.lock</c> file and the index at <c>&lt;mirror name&gt;/build_cache/index.json</c>, the same shape as
/// a local mirror, so the catalog loader names the index after its mirror. Every file is written to a
/// temporary file in the same folder first and renamed over the old one, so a reader never sees half a file.
/// </summary>
public sealed class MirrorCache
{
    internal MirrorCache(string root, MirrorUrl url)
    {
        Folder = Path.Combine(Path.GetFullPath(root), "mirrors", url.CacheKey);
        IndexPath = Path.Combine(Folder, url.Name, "build_cache", "index.json");
        EntryPath = Path.Combine(Folder, "entry.json");
        LockPath = Path.Combine(Folder, ".lock");
    }

    public string Folder { get; }

    /// <summary>The cached index, handed to the catalog loader.</summary>
    public string IndexPath { get; }

    public string EntryPath { get; }

    public string LockPath { get; }

    /// <summary>
    /// The per-user cache: <c>%LOCALAPPDATA%\cachetasks</c> on Windows, else <c>$XDG_CACHE_HOME/cachetasks</c>
    /// when that is set to an absolute path, else <c>~/.cache/cachetasks</c>.
    /// </summary>
    public static string DefaultRoot()
    {
        if (Path.DirectorySeparatorChar == '\\')
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "cachetasks");
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "cachetasks");
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "cachetasks");
    }

    /// <summary>The entry, when the index file it describes is there with the recorded size (and time, when recorded).</summary>
    internal MirrorCacheEntry? ReadUsableEntry()
    {
        var entry = MirrorCacheEntry.TryRead(EntryPath);
        if (entry is null)
        {
            return null;
        }

        try
        {
            var file = new FileInfo(IndexPath);
            // A file of another time is another copy (written by hand, or by a build that died before
            // recording it): its content is not known to be the entry's hash.
            return file.Exists && file.Length == entry.Size && (entry.IndexTicks is not { } ticks || file.LastWriteTimeUtc.Ticks == ticks) ? entry : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The cached index that <paramref name="entry"/> describes (a usable entry: its file is as recorded).</summary>
    internal MirrorIndex Index(MirrorCacheEntry entry) => new(IndexPath, entry.Hash)
    {
        Copy = entry.IndexTicks is { } ticks ? new FileStamp(IndexPath, entry.Size, ticks) : null,
    };

    /// <summary>
    /// Removes temporary files a killed build left behind. Only the lock holder writes temporaries,
    /// so under the lock every one found is stale.
    /// </summary>
    internal void DeleteTemporaries() => AtomicFile.DeleteTemporaries(Folder);

    internal string NewTemporaryFile()
    {
        Directory.CreateDirectory(Folder);
        return Path.Combine(Folder, $".{Guid.NewGuid():N}.tmp");
    }

    /// <summary>Moves a finished temporary file into place (creating the index folders).</summary>
    internal static void Commit(string temporary, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.Replace(temporary, path);
    }

    /// <summary>
    /// Makes a downloaded, verified index the cached one and records what it is (its layout, the hash the
    /// mirror gave for it, the answer's ETag): the one way every layout commits a new index.
    /// </summary>
    internal void CommitIndex(string temporary, MirrorUrl url, BuildCacheLayout layout, string hash, string? etag, MirrorOptions options)
    {
        var size = new FileInfo(temporary).Length;
        Commit(temporary, IndexPath);
        // The committed file's time, so that the entry names this file and no later copy (a rename keeps the time).
        var ticks = File.GetLastWriteTimeUtc(IndexPath).Ticks;
        var now = options.Clock();
        WriteEntry(new MirrorCacheEntry { Url = url.Text, Layout = layout, Hash = hash, Size = size, IndexTicks = ticks, ETag = etag, FetchedAt = now, CheckedAt = now });
    }

    internal void WriteEntry(MirrorCacheEntry entry)
    {
        // An entry an older CacheTasks wrote has no time for its copy: when the mirror confirms it, it gets
        // the time of the copy it already trusts (the recorded size), so that from then on the copy is
        // known by its digest (MirrorIndex.Copy) like one downloaded now.
        if (entry.IndexTicks is null && new FileInfo(IndexPath) is { Exists: true } copy && copy.Length == entry.Size)
        {
            entry = entry with { IndexTicks = copy.LastWriteTimeUtc.Ticks };
        }

        var json = entry.ToJson();
        AtomicFile.Write(EntryPath, stream => stream.Write(json, 0, json.Length));
    }
}
