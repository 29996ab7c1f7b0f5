using CacheTasks.Diagnostics;

namespace CacheTasks.Catalog;

/// <summary>The folder walk: which files under a source folder are pages and indexes, and the folders' times.</summary>
public static partial class CatalogLoader
{
    private const string PageExtension = ".md";

    /// <summary>Spack layouts nest about 6 folders deep; deeper is a link loop the link check could not see.</summary>
    private const int MaxFolderDepth = 64;

    /// <summary>
    /// Pages and indexes under a folder, in a stable order; a legacy page's tag comes from its
    /// folder. With <paramref name="folders"/>, also every folder's time, taken before it is listed.
    /// A folder that cannot be listed, or a link back to a folder being read, is skipped with
    /// CT2001 (CT2002 for the source itself), so a permission or a loop never stops the build.
    /// </summary>
    internal static List<CatalogFile>? FilesIn(string source, string root, List<(string, long)>? folders, List<Diagnostic> diagnostics)
    {
        var files = new List<CatalogFile>();
        var rootLength = root.Length;
        var rootInfo = new DirectoryInfo(root);
        folders?.Add((rootInfo.FullName, rootInfo.LastWriteTimeUtc.Ticks));
        var level = new List<PendingFolder> { new(rootInfo, RealPath(rootInfo) ?? rootInfo.FullName, 0, root) };
        while (level.Count > 0)
        {
            var listings = ListAll(level, timesNeeded: folders is not null);
            var next = new List<PendingFolder>();
            for (var i = 0; i < level.Count; i++)
            {
                var (current, realPath, depth, parent) = level[i];
                if (listings[i].Error is { } e)
                {
                    if (depth == 0)
                    {
                        diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyCatalogSource, DiagnosticSeverity.Error, string.Format(Messages.CatalogSourceUnreadable, source, e.Message.TrimEnd('.')), new SourceLocation(current.FullName)));
                        return null;
                    }

                    // Past PATH_MAX .NET lists a folder with an empty name; the folder it is in is the best place to point at.
                    var where = current.FullName.Length > 0 ? current.FullName : parent;
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.UnreadableCatalogFile, DiagnosticSeverity.Warning, string.Format(Messages.CatalogFolderUnreadable, e.Message.TrimEnd('.')), new SourceLocation(where)));
                    continue;
                }

                foreach (var entry in listings[i].Entries!)
                {
                    if (entry is DirectoryInfo folder)
                    {
                        var folderReal = FolderRealPath(folder, realPath);
                        if (folderReal is null || depth + 1 > MaxFolderDepth)
                        {
                            var reason = folderReal is null ? string.Format(Messages.SymbolicLinkLoop, folder.FullName) : string.Format(Messages.CatalogFolderTooDeep, MaxFolderDepth);
                            diagnostics.Add(new Diagnostic(DiagnosticCodes.UnreadableCatalogFile, DiagnosticSeverity.Warning, string.Format(Messages.CatalogFolderUnreadable, reason), new SourceLocation(folder.FullName)));
                            continue;
                        }

                        folders?.Add((folder.FullName, folder.LastWriteTimeUtc.Ticks));
                        next.Add(new PendingFolder(folder, folderReal, depth + 1, current.FullName.Length > 0 ? current.FullName : parent));
                    }
                    else if (string.Equals(entry.Name, MirrorIndexReader.IndexFileName, StringComparison.OrdinalIgnoreCase))
                    {
                        files.Add(new CatalogFile(entry.FullName, IsIndex: true, FolderTag: null, (FileInfo)entry));
                    }
                    else if (entry.Name.EndsWith(PageExtension, StringComparison.OrdinalIgnoreCase))
                    {
                        var path = entry.FullName;
                        files.Add(new CatalogFile(path, IsIndex: false, TagFolder(path.Substring(rootLength)), (FileInfo)entry));
                    }
                }
            }

            level = next;
        }

        files.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    /// <summary>
    /// Lists one level of folders, several at once: listing is mostly time in the kernel, and a
    /// catalog's thousands of package folders sit on one level. The folders' own times and link
    /// flags (a stat each) are read here too, in parallel, for the serial pass that follows.
    /// </summary>
    private static FolderListing[] ListAll(List<PendingFolder> level, bool timesNeeded)
    {
        var listings = new FolderListing[level.Count];
        if (level.Count == 1)
        {
            listings[0] = List(level[0].Folder, timesNeeded);
        }
        else
        {
            Parallel.For(0, level.Count, i => listings[i] = List(level[i].Folder, timesNeeded));
        }

        return listings;
    }

    private static FolderListing List(DirectoryInfo folder, bool timesNeeded)
    {
        try
        {
            // FileInfo from the listing carries the size and time the cache needs: no second stat per file.
            var entries = folder.GetFileSystemInfos();
            foreach (var entry in entries)
            {
                if (entry is DirectoryInfo)
                {
                    // Reads and keeps the entry's status (attributes and times come from one stat).
                    _ = timesNeeded ? entry.LastWriteTimeUtc.Ticks : (long)entry.Attributes;
                }
            }

            return new FolderListing(entries, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return new FolderListing(null, e);
        }
    }

    /// <summary>
    /// Where a folder really is: below its parent for a plain folder, the link's final target for a
    /// symbolic link; null for a link that leads back to the parent or above it (a loop).
    /// </summary>
    private static string? FolderRealPath(DirectoryInfo folder, string parentRealPath)
    {
        var plain = parentRealPath.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar + folder.Name;
#if NETSTANDARD2_0
        // No link API here; the depth limit stops a loop instead.
        return plain;
#else
        // The listing already knows which entries are links: no extra call for a plain folder.
        if ((folder.Attributes & FileAttributes.ReparsePoint) == 0)
        {
            return plain;
        }

        var target = RealPath(folder);
        if (target is null)
        {
            return null;
        }

        if (string.Equals(target, folder.FullName, StringComparison.Ordinal))
        {
            return plain;
        }

        var parent = parentRealPath.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return parent.StartsWith(target.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? null : target;
#endif
    }

    private static string? RealPath(DirectoryInfo folder)
    {
#if NETSTANDARD2_0
        return folder.FullName;
#else
        try
        {
            return folder.LinkTarget is null ? folder.FullName : folder.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        }
        catch (IOException)
        {
            // A link to itself, or a chain too long to follow.
            return null;
        }
#endif
    }

    // Pages live at <tag>/<package>/specs.md; legacy pages name no tag, so the folder gives it.
    // A page directly under the source (<package>/specs.md) has none.
    private static string? TagFolder(string relativePath)
    {
        var parts = relativePath.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 ? parts[parts.Length - 3] : null;
    }

    private readonly record struct PendingFolder(DirectoryInfo Folder, string RealPath, int Depth, string Parent);

    private readonly record struct FolderListing(FileSystemInfo[]? Entries, Exception? Error);
}
