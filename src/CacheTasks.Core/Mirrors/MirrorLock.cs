namespace CacheTasks.Mirrors;

/// <summary>
/// A cross-process lock on one mirror's cache folder: a <c>.lock</c> file opened with
/// <see cref="FileShare.None"/> (an exclusive share lock on Windows, <c>flock</c> on Unix, both released
/// by the OS if the holder dies). The file is never deleted: deleting it would let two builds lock two
/// different files of the same name.
/// </summary>
internal sealed class MirrorLock : IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(25);

    private readonly FileStream _stream;

    private MirrorLock(FileStream stream) => _stream = stream;

    /// <summary>The lock, or null when another holder kept it past <paramref name="wait"/>.</summary>
    public static MirrorLock? Acquire(string path, TimeSpan wait, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new MirrorLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Held by another build (or another thread of this one): wait and retry.
            }
            catch (IOException)
            {
                return null;
            }

            cancellationToken.WaitHandle.WaitOne(RetryDelay);
        }
    }

    public void Dispose() => _stream.Dispose();
}
