using System.Runtime.CompilerServices;
using CacheTasks.Concrete;
using CacheTasks.IO;

namespace CacheTasks.Catalog;

/// <summary>
/// A catalog's sources as they stood when a check began: every folder with its time and every page
/// and index read with its size and time (for a mirror, the copy its cache holds), as
/// <see cref="FileStamp"/>s taken by the loader's own listing. A folder's time changes when a file
/// in it is added, removed or renamed; a file's when it is written. An incremental build asks
/// <see cref="IsCurrent"/> (one stat per entry, in parallel, no folder listed, no page read) to know
/// whether the catalog changed since the check, instead of MSBuild listing thousands of pages as
/// target inputs (measured on a develop-scale catalog: 1.3 s of every no-op build). The loader gives
/// no snapshot when an entry was not settled (<see cref="FileStamp.IsSettledAt"/>), the same racy-window
/// rule as the parsed cache's: such a catalog counts as changed until its times have settled.
/// </summary>
public sealed class CatalogSnapshot
{
    public CatalogSnapshot(IReadOnlyList<FileStamp> entries) => Entries = entries;

    public IReadOnlyList<FileStamp> Entries { get; }

    /// <summary>True when every folder and file is still as the snapshot saw it.</summary>
    public bool IsCurrent()
    {
        var changed = 0;
        Parallel.For(0, Entries.Count, (i, loop) =>
        {
            if (!Matches(Entries[i]))
            {
                Interlocked.Exchange(ref changed, 1);
                loop.Stop();
            }
        });
        return changed == 0;
    }

    // Optimised at once: the 16,000 calls of a no-op build are over before tiered JIT would get to it.
    [MethodImpl(HotPath.Options)]
    private static bool Matches(FileStamp entry) => entry.IsCurrent();
}
