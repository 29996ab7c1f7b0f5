namespace CacheTasks.Mirrors;

/// <summary>The index entry of a v3 index manifest: which blob holds the index, and how to check it.</summary>
internal sealed record IndexBlob(string MediaType, string Compression, string ChecksumAlgorithm, string Checksum, long ContentLength);
