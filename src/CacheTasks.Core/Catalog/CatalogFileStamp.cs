namespace CacheTasks.Catalog;

/// <summary>What identifies one read of a catalog file: its path, size, last write time and the tag its folder gives legacy pages.</summary>
internal readonly record struct CatalogFileStamp(string Path, long Size, long ModifiedTicks, string? FolderTag)
{
    public static CatalogFileStamp Of(string path, FileInfo? info, string? folderTag)
    {
        info ??= new FileInfo(path);
        return new(path, info.Length, info.LastWriteTimeUtc.Ticks, folderTag);
    }
}
