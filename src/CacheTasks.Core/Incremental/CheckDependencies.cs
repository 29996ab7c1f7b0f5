using CacheTasks.Catalog;
using CacheTasks.Platform;
using CacheTasks.IO;

namespace CacheTasks.Incremental;

/// <summary>
/// What a check depended on that MSBuild's Inputs cannot see: files pulled in by a spack.yaml
/// <c>include:</c>, the environment variables <c>when:</c> conditions and include paths read
/// (null value: not set), and the detected host arch when an arch said <c>host</c> (null: none
/// did), and the catalog's local sources with a <see cref="CatalogSnapshot"/> of them (saved once
/// per catalog state, <see cref="SavedCatalog"/>).
/// A replay first asks <see cref="FindChange"/>; anything changed means check again.
/// </summary>
public sealed record CheckDependencies(IReadOnlyList<FileStamp> Files, IReadOnlyDictionary<string, string?> Variables, string? HostArch)
{
    public static CheckDependencies None { get; } = new([], new Dictionary<string, string?>(), null);

    /// <summary>The catalog's local sources (folders and files; mirror URLs are dated by their own cache).</summary>
    public IReadOnlyList<string> CatalogSources { get; init; } = [];

    /// <summary>
    /// <see cref="CatalogSources"/> as they stood before the check read them; null when that could
    /// not be taken, and then the catalog always counts as changed. Not part of the saved results:
    /// the check saves it once per catalog state and the results name it (<see cref="SavedCatalog"/>).
    /// </summary>
    public CatalogSnapshot? Catalog { get; init; }

    /// <summary>
    /// Where <see cref="Catalog"/> was saved, as the saved results name it (what a replay judges);
    /// null when it was not saved.
    /// </summary>
    public SavedCatalogSnapshot? SavedCatalog { get; init; }

    /// <summary>
    /// The first thing that is no longer as the check saw it, as text for the build log; null
    /// when all is the same. <paramref name="detectHost"/> is called only when the host mattered.
    /// <paramref name="catalogIsCurrent"/> judges the saved catalog snapshot (default: <see cref="SavedCatalogSnapshot.IsCurrent"/>);
    /// the replay task answers from an earlier project of the same build when it can.
    /// </summary>
    public string? FindChange(Func<string, string?> readVariable, Func<string> detectHost, Func<SavedCatalogSnapshot, bool>? catalogIsCurrent = null)
    {
        foreach (var file in Files)
        {
            if (!file.IsCurrent())
            {
                return file.Path;
            }
        }

        foreach (var pair in Variables)
        {
            if (!string.Equals(readVariable(pair.Key), pair.Value, StringComparison.Ordinal))
            {
                return "$" + pair.Key;
            }
        }

        if (CatalogSources.Count > 0 && !CatalogIsCurrent(catalogIsCurrent))
        {
            return string.Format(Messages.ReplayCatalogChanged, string.Join(";", CatalogSources));
        }

        if (HostArch is not null)
        {
            var host = detectHost();
            if (!string.Equals(host, HostArch, StringComparison.Ordinal))
            {
                return ArchValidator.HostKeyword + "=" + host;
            }
        }

        return null;
    }

    // As saved (a replay reads the results), else as held (the run that took it); neither: changed.
    private bool CatalogIsCurrent(Func<SavedCatalogSnapshot, bool>? judge) => SavedCatalog is not null
        ? (judge ?? (static s => s.IsCurrent()))(SavedCatalog)
        : Catalog?.IsCurrent() ?? false;
}
