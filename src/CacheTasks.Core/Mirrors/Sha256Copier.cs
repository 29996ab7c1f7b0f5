using System.Security.Cryptography;
using CacheTasks.IO;

namespace CacheTasks.Mirrors;

/// <summary>Copies a stream to a file and hashes it in the same pass, so a large index is read once.</summary>
internal static class Sha256Copier
{
    private const int BufferSize = 81920;

    /// <summary>
    /// The SHA-256 (lower-case hex) and the number of bytes copied. A stream longer than
    /// <paramref name="maxLength"/> (when not negative) stops the copy there: a blob larger than its
    /// manifest says is refused before it fills the disk.
    /// </summary>
    public static async Task<(string Sha256, long Length)> CopyAsync(Stream source, string path, CancellationToken cancellationToken, long maxLength = -1, Uri? url = null)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var target = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
        var buffer = new byte[BufferSize];
        long length = 0;
        int read;
#if NETSTANDARD2_0
        while ((read = await source.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
#else
        while ((read = await source.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
#endif
            length += read;
            if (maxLength >= 0 && length > maxLength)
            {
                throw new MirrorFetchException(string.Format(System.Globalization.CultureInfo.InvariantCulture, Messages.MirrorCauseTooLarge, url, length, maxLength));
            }
        }

        await target.FlushAsync(cancellationToken).ConfigureAwait(false);
        return (HexText.Of(hash.GetHashAndReset()), length);
    }
}
