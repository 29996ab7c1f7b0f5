namespace CacheTasks.Catalog;

/// <summary>
/// One folder or file of a <see cref="CatalogSnapshot"/> as it was: a folder with its time, a page
/// or index with its size and time, or a source that did not exist (length -1).
/// </summary>
public sealed record CatalogSnapshotEntry(string Path, bool IsFolder, long Length, long Ticks);
