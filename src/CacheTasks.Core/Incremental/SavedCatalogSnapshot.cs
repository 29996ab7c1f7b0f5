using CacheTasks.Catalog;

namespace CacheTasks.Incremental;

/// <summary>
/// Where a check saved the <see cref="CatalogSnapshot"/> it read: one file per catalog state
/// (<see cref="CatalogSnapshotFile"/>), named by its <see cref="CatalogSnapshotKey"/>, which every
/// project of a solution shares. A project's saved results keep only this, so a no-op build parses
/// the catalog's 16,000 entries once per node rather than once per project.
/// </summary>
public sealed record SavedCatalogSnapshot(string Key, string File)
{
    /// <summary>The snapshot, or null when its file is gone, damaged or of another format: the catalog then counts as changed.</summary>
    public CatalogSnapshot? Load() => CatalogSnapshotFile.Read(File, Key);

    /// <summary>True when the saved snapshot can be read and every entry is still as it was.</summary>
    public bool IsCurrent() => Load() is { } snapshot && snapshot.IsCurrent();
}
