namespace CacheTasks.IO;

/// <summary>
/// Puts a finished temporary file in place of another in one rename, so that a reader sees the
/// old file or the new one, never half of either and never no file at all. The temporary file
/// must be in the same folder as the target (a rename does not cross file systems).
/// </summary>
internal static class AtomicFile
{
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
}
