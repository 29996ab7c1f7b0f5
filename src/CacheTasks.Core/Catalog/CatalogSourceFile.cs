using CacheTasks.IO;

namespace CacheTasks.Catalog;

/// <summary>One file a catalog source names: a cache page (<c>*.md</c>) or a mirror index (<c>index.json</c>), as its kind decided.</summary>
public sealed record CatalogSourceFile(string Path, bool IsIndex)
{
    /// <summary>
    /// What the file holds, as its source knows it without reading it (a mirror index: <c>sha256:</c> and
    /// the digest its cache recorded); null for a file known only by its stamp (a local page or index).
    /// The parsed cache keeps a stated file by this state, not by its stamp: a copy downloaded again
    /// with the same digest has a new time but is not parsed again.
    /// </summary>
    public string? State { get; init; }

    /// <summary>
    /// The file as it stood when <see cref="State"/> was taken. A file found otherwise when it is read
    /// may no longer be the stated content (another build replaced the copy since), so what is read
    /// from it is not kept under that state.
    /// </summary>
    public FileStamp? StatedCopy { get; init; }
}
