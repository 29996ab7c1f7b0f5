using CacheTasks.Concrete;
using CacheTasks.IO;

namespace CacheTasks.Catalog;

/// <summary>
/// The parsed catalog kept between builds (under <c>obj/</c>): for each page or index, keyed by its
/// path, size and modification time, the specs it gave (or that it is not a page; for a page the
/// load only checked, each spec's arch and stacks, its specs being read from the page again when
/// looked up; for an index, its skim); and for each
/// source folder, its folders' modification times and the files found in it. A warm build checks
/// the folders' times (a folder's time changes when a file in it is added, removed or renamed) and
/// each file's size and time, reads no page at load, and builds only the specs of the packages
/// looked up (decoded from the cache, or read from their page or index again).
/// </summary>
/// <remarks>
/// This file is the freshness policy: what may be taken from the cache and when it is written.
/// The binary layout is in <c>CatalogCache.Format.cs</c>. Anything unexpected in the file (missing,
/// truncated, wrong checksum, another writer's format) makes the cache empty: it is rebuilt, never
/// an error. Files that failed to parse, or were used with warnings, are not kept, so their
/// warnings come back on every build. As git does for its index, a time within
/// <see cref="FileStamp.RacyWindow"/> of the cache's own writing is not trusted: a change in the same
/// clock tick would go unseen (<see cref="FileStamp.IsSettledAt"/>, the rule the catalog snapshot follows too). A mirror index
/// is kept by its source's state instead (<see cref="CatalogSourceFile.State"/>: the digest the mirror
/// cache recorded), so a copy downloaded again with the same digest, which has a new time, is not parsed again.
/// </remarks>
internal sealed partial class CatalogCache
{
    public const string FileName = "catalog.cache";

    private static readonly Guid WriterId = typeof(CatalogCache).Assembly.ManifestModule.ModuleVersionId;

    private readonly byte[] _bytes;
    private readonly int[] _stringOffsets;
    private readonly string?[] _strings;
    private readonly int[] _listOffsets;
    private int _specsOffset;
    private int _specCount;
    private int _edgesOffset;
    private int _archesOffset;
    private int _factsOffset;
    private readonly Dictionary<string, Entry> _entries;
    private readonly Dictionary<string, CachedRoot> _roots;
    private readonly long _writtenAt;
    private readonly object _decodeGate = new();
    private Materialiser? _materialiser;

    private CatalogCache(byte[] bytes, int[] stringOffsets, int[] listOffsets, int specsOffset, Dictionary<string, Entry> entries, Dictionary<string, CachedRoot> roots, long writtenAt)
    {
        _bytes = bytes;
        _stringOffsets = stringOffsets;
        _strings = new string?[stringOffsets.Length];
        _listOffsets = listOffsets;
        _specsOffset = specsOffset;
        _entries = entries;
        _roots = roots;
        _writtenAt = writtenAt;
    }

    public int Count => _entries.Count;

    /// <summary>The cache in <paramref name="directory"/>; empty when there is none or it cannot be trusted.</summary>
    public static CatalogCache Load(string directory)
    {
        try
        {
            var path = Path.Combine(directory, FileName);
            if (File.Exists(path))
            {
                return Decode(File.ReadAllBytes(path)) ?? Empty();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or IndexOutOfRangeException or InvalidDataException or OverflowException)
        {
        }

        return Empty();
    }

    /// <summary>
    /// The files a source folder held last time, when none of its folders changed since (null:
    /// enumerate it again). Costs one stat per folder, on all processors.
    /// </summary>
    public CachedRoot? Unchanged(string root, CancellationToken cancellationToken)
    {
        if (!_roots.TryGetValue(root, out var known))
        {
            return null;
        }

        var changed = 0;
        Parallel.For(0, known.Folders.Length, new ParallelOptions { CancellationToken = cancellationToken }, (i, state) =>
        {
            var (folder, time) = known.Folders[i];
            var now = FileStamp.OfFolder(folder, Directory.GetLastWriteTimeUtc(folder).Ticks);
            if (now.LastWriteTicks != time || !now.IsSettledAt(_writtenAt))
            {
                Interlocked.Exchange(ref changed, 1);
                state.Stop();
            }
        });
        return changed == 0 ? known : null;
    }

    /// <summary>What the file gave when it had this size and time (no groups: not a page).</summary>
    public bool TryGet(FileStamp stamp, string? folderTag, out Entry? entry)
    {
        if (_entries.TryGetValue(stamp.Path, out var found) && found.State is null && found.Stamp == stamp && found.FolderTag == folderTag && stamp.IsSettledAt(_writtenAt))
        {
            entry = found;
            return true;
        }

        entry = null;
        return false;
    }

    /// <summary>
    /// What the file gave when its source stated the same content (a mirror index's digest), whatever
    /// its stamp: the state names the content, so no racy window applies.
    /// </summary>
    public bool TryGet(string path, string state, out Entry? entry)
    {
        if (_entries.TryGetValue(path, out var found) && string.Equals(found.State, state, StringComparison.Ordinal))
        {
            entry = found;
            return true;
        }

        entry = null;
        return false;
    }

    /// <summary>The specs of one cached group, decoded now.</summary>
    public IReadOnlyList<CatalogSpec> Decode(Group group)
    {
        lock (_decodeGate)
        {
            var materialiser = _materialiser ??= new Materialiser(this);
            var specs = new CatalogSpec[group.Count];
            for (var i = 0; i < specs.Length; i++)
            {
                specs[i] = materialiser.Spec(group.FirstSpec + i);
            }

            return specs;
        }
    }

    /// <summary>What the summary counts of one cached group's specs, read from their records without building them.</summary>
    public IEnumerable<SpecFacts> Facts(Group group)
    {
        lock (_decodeGate)
        {
            var materialiser = _materialiser ??= new Materialiser(this);
            var facts = new SpecFacts[group.Count];
            for (var i = 0; i < facts.Length; i++)
            {
                facts[i] = materialiser.Facts(group.FirstSpec + i);
            }

            return facts;
        }
    }

    /// <summary>What a page entry kept of its specs (<see cref="Entry.Reread"/>): their arches and stacks.</summary>
    public PageFacts PageFacts(Group group)
    {
        lock (_decodeGate)
        {
            return (_materialiser ??= new Materialiser(this)).PageFacts(group);
        }
    }

    /// <summary>Writes the cache atomically; a cache that cannot be written is simply not kept.</summary>
    public static void Save(string directory, long startedAt, IReadOnlyList<RootListing> roots, IReadOnlyList<(FileStamp Stamp, string? FolderTag, string? State, bool IsIndex, IReadOnlyList<CatalogSpec>? Specs, IndexTable? Table, PageFacts? Facts)> entries)
    {
        try
        {
            var bytes = Encode(startedAt, roots, entries);
            AtomicFile.Write(Path.Combine(directory, FileName), stream => stream.Write(bytes, 0, bytes.Length));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException or NotSupportedException or ArgumentException)
        {
            // Another build may have written it at the same moment (either copy is fine), or the
            // folder cannot hold it (a name the OS refuses): the cache is only a shortcut.
        }
    }

    private static CatalogCache Empty() => new([], [], [], 0, new Dictionary<string, Entry>(StringComparer.Ordinal), new Dictionary<string, CachedRoot>(StringComparer.Ordinal), 0);

    /// <summary>A folder source as found on disk: its folders with their times, and its catalog files.</summary>
    internal sealed record RootListing(string Root, IReadOnlyList<(string Folder, long Time)> Folders, IReadOnlyList<CachedFile> Files);

    /// <summary>A catalog file a cached folder holds.</summary>
    internal sealed record CachedFile(string Path, bool IsIndex, string? FolderTag);

    /// <summary>One cached file: its stamp, the tag its folder gave, and, for a page, one group of specs per package; for a mirror index, its table.</summary>
    internal sealed record Entry(FileStamp Stamp, string? FolderTag, bool IsIndex, Group[]? Groups)
    {
        public IndexTable? Table { get; init; }

        /// <summary>
        /// A page whose groups hold only what the summary counts (<see cref="PageFacts"/>): its specs
        /// are read from the page again when looked up (<see cref="DeferredPage"/>), not decoded.
        /// </summary>
        public bool Reread { get; init; }

        /// <summary>The content its source stated (a mirror index's digest): then the entry is found by it, not by <see cref="Stamp"/>.</summary>
        public string? State { get; init; }
    }

    /// <summary>A package's specs in an entry: from <see cref="FirstSpec"/> on, its spec records, or for a checked page (<see cref="Entry.Reread"/>) its facts, whose tag is <see cref="Tag"/>.</summary>
    internal readonly record struct Group(string Name, int Count, int FirstSpec)
    {
        public string? Tag { get; init; }
    }

    /// <summary>A folder source as cached: its folders with their times, and its catalog files.</summary>
    internal sealed record CachedRoot((string Folder, long Time)[] Folders, CachedFile[] Files);
}
