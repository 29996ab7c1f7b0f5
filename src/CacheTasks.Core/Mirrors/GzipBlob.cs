using System.IO.Compression;

namespace CacheTasks.Mirrors;

/// <summary>A gzip-compressed index blob, unpacked to a file; a blob that is not gzip is a refresh failure.</summary>
internal static class GzipBlob
{
    public static void Decompress(string gzipFile, string target, Uri blobUrl)
    {
        try
        {
            using var source = new GZipStream(File.OpenRead(gzipFile), CompressionMode.Decompress);
            using var output = File.Create(target);
            source.CopyTo(output);
        }
        catch (InvalidDataException e)
        {
            throw new MirrorFetchException(string.Format(Messages.MirrorCauseDecompress, blobUrl, e.Message), e);
        }
    }
}
