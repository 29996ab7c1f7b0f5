using CacheTasks.IO;

namespace CacheTasks.Mirrors;

/// <summary>A mirror's index as the mirror cache holds it: the local file, and the digest that names its content.</summary>
public sealed record MirrorIndex(string Path, string Digest)
{
    /// <summary>
    /// The local file as the cache recorded it when it committed <see cref="Digest"/> (size and time);
    /// null for an entry written before the time was recorded, which then names no state.
    /// </summary>
    public FileStamp? Copy { get; init; }
}
