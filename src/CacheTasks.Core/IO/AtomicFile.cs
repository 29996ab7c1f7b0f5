namespace CacheTasks.IO;

/// <summary>
/// Puts a finished temporary file in place of another in one rename, so that a reader sees the
/// old file or the new one, never half of either and never no file at all. The temporary file
/// is in the same folder as the target (a rename does not cross file systems).
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="path"/> whole or not at all: <paramref name="write"/> fills a new
    /// temporary file beside the target (<c>.&lt;name&gt;.&lt;guid&gt;.tmp</c>, creating the folder), which is
    /// flushed to disk (unless <paramref name="durable"/> is false) and renamed over the target. On
    /// any failure the temporary file is deleted, the target is left as it was and the exception is
    /// rethrown: the caller knows whether a failed write is a coded diagnostic or only a cache not kept.
    /// </summary>
    /// <remarks>
    /// Concurrent writers each use their own temporary file, so the last rename wins and a reader
    /// sees one writer's file whole. The name starts with a dot and ends in <c>.tmp</c> so a folder
    /// listing says what a stray one (left by a killed process) is.
    /// <para>
    /// Not durable: still renamed whole (a killed or failing build never leaves half a file), but
    /// not flushed first, so only a power cut can leave it short, as it can every other output of
    /// the build, which compilers do not flush either. For what a project writes again in every
    /// build (its reports, its saved results), where the flush was most of the cost: about 9 ms for
    /// the first file in a new obj folder on this machine's disk, and more on a network disk.
    /// </para>
    /// </remarks>
    public static void Write(string path, Action<Stream> write, bool durable = true)
    {
        var target = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                // Durable: on disk before the rename, so after a power cut the target is the old file or the new one, not an empty one.
                stream.Flush(flushToDisk: durable);
            }

            Replace(temporary, target);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public static void Replace(string temporary, string path)
    {
#if NETSTANDARD2_0
        // .NET Framework has no File.Move overwrite; File.Replace is the atomic rename there.
        if (File.Exists(path))
        {
            File.Replace(temporary, path, destinationBackupFileName: null);
            return;
        }

        File.Move(temporary, path);
#else
        File.Move(temporary, path, overwrite: true);
#endif
    }

    /// <summary>
    /// Deletes the temporary files (<c>*.tmp</c>) in <paramref name="folder"/> that a killed process
    /// left behind. Only call it while holding the folder's lock: then every one found is stale.
    /// A folder that is missing or cannot be listed has nothing to delete.
    /// </summary>
    public static void DeleteTemporaries(string folder)
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.tmp"))
            {
                TryDelete(file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Deletes a file when it can: a temporary file or a stale saved result that stays behind is
    /// harmless (its name says what it is, and readers check what they read), so a locked or
    /// read-only file is no reason to fail. Any other exception is a bug and goes up.
    /// </summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
