using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CacheTasks.Diagnostics;
using CacheTasks.IO;
using CacheTasks.Specs;

namespace CacheTasks.Catalog;

/// <summary>
/// The parsed catalog kept between builds (under <c>obj/</c>): for each page or index, keyed by its
/// path, size and modification time, the specs it gave (or that it is not a page); and for each
/// source folder, its folders' modification times and the files found in it. A warm build checks
/// the folders' times (a folder's time changes when a file in it is added, removed or renamed) and
/// each file's size and time, reads no page, and decodes only the specs of the packages looked up.
/// </summary>
/// <remarks>
/// One binary file: a header (magic, format, the id of the assembly that wrote it, so a rebuilt
/// CacheTasks never trusts an old layout), a checksum of the body, then a string table, a table of
/// string lists, the source folders, the file entries, and fixed-size spec records. Strings and
/// specs are decoded on demand. Anything unexpected (missing, truncated, wrong checksum, another
/// writer's format) makes the cache empty: it is rebuilt, never an error. Files that failed to
/// parse are not kept, so their warnings come back on every build. As git does for its index, a
/// time within <see cref="RacyWindow"/> of the cache's own writing is not trusted: a change in the
/// same clock tick would go unseen.
/// </remarks>
internal sealed class CatalogCache
{
    public const string FileName = "catalog.cache";

    private const int Magic = 0x43435443; // "CTCC"
    private const int Format = 2;
    private const int HeaderLength = 4 + 4 + 16 + 8;
    private const int SpecFields = 14;
    private const int SpecRecordLength = SpecFields * 4;
    private const byte NotAPage = 0;
    private const byte Specs = 1;

    private static readonly long RacyWindow = TimeSpan.FromSeconds(2).Ticks;
    private static readonly Guid WriterId = typeof(CatalogCache).Assembly.ManifestModule.ModuleVersionId;

    private readonly byte[] _bytes;
    private readonly int[] _stringOffsets;
    private readonly string?[] _strings;
    private readonly int[] _listOffsets;
    private int _specsOffset;
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
            var now = Directory.GetLastWriteTimeUtc(folder).Ticks;
            if (now != time || !Settled(now))
            {
                Interlocked.Exchange(ref changed, 1);
                state.Stop();
            }
        });
        return changed == 0 ? known : null;
    }

    /// <summary>What the file gave when it had this size and time (no groups: not a page).</summary>
    public bool TryGet(CatalogFileStamp stamp, out Entry? entry)
    {
        if (_entries.TryGetValue(stamp.Path, out var found) && found.Stamp == stamp && Settled(stamp.ModifiedTicks))
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
                specs[i] = materialiser.Spec(_specsOffset + ((group.FirstSpec + i) * SpecRecordLength));
            }

            return specs;
        }
    }

    /// <summary>Writes the cache atomically; a cache that cannot be written is simply not kept.</summary>
    public static void Save(string directory, long startedAt, IReadOnlyList<RootListing> roots, IReadOnlyList<(CatalogFileStamp Stamp, bool IsIndex, IReadOnlyList<CatalogSpec>? Specs)> entries)
    {
        string? temporary = null;
        try
        {
            Directory.CreateDirectory(directory);
            var target = Path.Combine(directory, FileName);
            temporary = Path.Combine(directory, FileName + "." + Guid.NewGuid().ToString("N") + ".tmp");
            File.WriteAllBytes(temporary, Encode(startedAt, roots, entries));
            AtomicFile.Replace(temporary, target);

            temporary = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException or NotSupportedException or ArgumentException)
        {
            // Another build may have written it at the same moment (either copy is fine), or the
            // folder cannot hold it (a name the OS refuses): the cache is only a shortcut.
        }
        finally
        {
            if (temporary is not null)
            {
                TryDelete(temporary);
            }
        }
    }

    private bool Settled(long modifiedTicks) => modifiedTicks < _writtenAt - RacyWindow;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static CatalogCache Empty() => new([], [], [], 0, new Dictionary<string, Entry>(StringComparer.Ordinal), new Dictionary<string, CachedRoot>(StringComparer.Ordinal), 0);

    /// <summary>Lays the cache out in one buffer of the exact size: strings and lists are registered first, then everything is written once.</summary>
    [MethodImpl(HotPath.Options)]
    private static byte[] Encode(long startedAt, IReadOnlyList<RootListing> roots, IReadOnlyList<(CatalogFileStamp Stamp, bool IsIndex, IReadOnlyList<CatalogSpec>? Specs)> entries)
    {
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var stringList = new List<string>();
        var lists = new Dictionary<int[], int>(IntListComparer.Instance);
        var listItems = new List<int[]>();

        int S(string? value)
        {
            if (value is null)
            {
                return -1;
            }

            if (!strings.TryGetValue(value, out var index))
            {
                strings[value] = index = stringList.Count;
                stringList.Add(value);
            }

            return index;
        }

        int L(IReadOnlyList<string> values)
        {
            var items = new int[values.Count];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = S(values[i]);
            }

            if (!lists.TryGetValue(items, out var index))
            {
                lists[items] = index = listItems.Count;
                listItems.Add(items);
            }

            return index;
        }

        // Register: spec records, entries (one group per package, in first-seen order) and roots.
        var records = new List<int>();
        var entryPlans = new List<(int Path, long Size, long Time, int Tag, bool IsIndex, List<(int Name, int Count, int First)>? Groups)>(entries.Count);
        foreach (var (stamp, isIndex, fileSpecs) in entries)
        {
            List<(int, int, int)>? groups = null;
            if (fileSpecs is not null)
            {
                groups = [];
                foreach (var group in fileSpecs.GroupBy(spec => spec.Name, StringComparer.Ordinal))
                {
                    var first = records.Count / SpecFields;
                    var count = 0;
                    foreach (var spec in group)
                    {
                        records.Add(S(spec.Name));
                        records.Add(S(spec.Hash));
                        records.Add(S(spec.Platform));
                        records.Add(S(spec.Os));
                        records.Add(S(spec.Target));
                        records.Add(S(spec.Compiler?.Name));
                        records.Add(S(spec.Compiler?.Version?.Text));
                        // Versions read from pages are not parsed yet; writing them must not parse them.
                        records.Add(L(spec.Versions is LazyVersionList lazy ? lazy.Texts : spec.Versions.Select(v => v.Text).ToList()));
                        records.Add(L(spec.Variants.Written));
                        records.Add(L(spec.Stacks));
                        records.Add(S(spec.Tag));
                        records.Add(S(spec.Source.File));
                        records.Add(spec.Source.Line);
                        records.Add(spec.Source.Column);
                        count++;
                    }

                    groups.Add((S(group.Key), count, first));
                }
            }

            entryPlans.Add((S(stamp.Path), stamp.Size, stamp.ModifiedTicks, S(stamp.FolderTag), isIndex, groups));
        }

        var rootPlans = roots.Select(root => (
            Root: S(root.Root),
            Folders: root.Folders.Select(f => (S(f.Folder), f.Time)).ToList(),
            // Every catalog file, also those that failed: their warnings must come back.
            Files: root.Files.Select(f => (S(f.Path), f.IsIndex, S(f.FolderTag))).ToList())).ToList();

        var encoded = new byte[stringList.Count][];
        var size = HeaderLength + 8 + 4 + 4 + 4 + 4 + 4;
        for (var i = 0; i < encoded.Length; i++)
        {
            encoded[i] = Utf8Text.Strict.GetBytes(stringList[i]);
            size += 4 + encoded[i].Length;
        }

        size += listItems.Sum(items => 4 + (4 * items.Length));
        size += rootPlans.Sum(root => 4 + 4 + (root.Folders.Count * 12) + 4 + (root.Files.Count * 9));
        size += entryPlans.Sum(entry => 4 + 8 + 8 + 4 + 1 + 1 + (entry.Groups is null ? 0 : 4 + (entry.Groups.Count * 12)));
        size += records.Count * 4;

        var bytes = new byte[size];
        var w = new SpanWriter(bytes, HeaderLength);
        w.Int64(startedAt);
        w.Int32(encoded.Length);
        foreach (var value in encoded)
        {
            w.Int32(value.Length);
            w.Bytes(value);
        }

        w.Int32(listItems.Count);
        foreach (var items in listItems)
        {
            w.Int32(items.Length);
            foreach (var item in items)
            {
                w.Int32(item);
            }
        }

        w.Int32(rootPlans.Count);
        foreach (var (root, folders, files) in rootPlans)
        {
            w.Int32(root);
            w.Int32(folders.Count);
            foreach (var (folder, time) in folders)
            {
                w.Int32(folder);
                w.Int64(time);
            }

            w.Int32(files.Count);
            foreach (var (path, isIndex, tag) in files)
            {
                w.Int32(path);
                w.Byte(isIndex ? (byte)1 : (byte)0);
                w.Int32(tag);
            }
        }

        w.Int32(entryPlans.Count);
        foreach (var (path, fileSize, time, tag, isIndex, groups) in entryPlans)
        {
            w.Int32(path);
            w.Int64(fileSize);
            w.Int64(time);
            w.Int32(tag);
            w.Byte(isIndex ? (byte)1 : (byte)0);
            if (groups is null)
            {
                w.Byte(NotAPage);
                continue;
            }

            w.Byte(Specs);
            w.Int32(groups.Count);
            foreach (var (name, count, first) in groups)
            {
                w.Int32(name);
                w.Int32(count);
                w.Int32(first);
            }
        }

        w.Int32(records.Count / SpecFields);
        foreach (var value in records)
        {
            w.Int32(value);
        }

        var header = new SpanWriter(bytes, 0);
        header.Int32(Magic);
        header.Int32(Format);
        header.Bytes(WriterId.ToByteArray());
        header.UInt64(Checksum(bytes.AsSpan(HeaderLength)));
        return w.Position == bytes.Length ? bytes : throw new InvalidOperationException("catalog cache size miscounted");
    }

    [MethodImpl(HotPath.Options)]
    private static CatalogCache? Decode(byte[] bytes)
    {
        if (bytes.Length < HeaderLength)
        {
            return null;
        }

        var r = new SpanReader(bytes, 0);
        if (r.Int32() != Magic || r.Int32() != Format || new Guid(bytes.AsSpan(8, 16).ToArray()) != WriterId)
        {
            return null;
        }

        r.Position = 24;
        if (r.UInt64() != Checksum(bytes.AsSpan(HeaderLength)))
        {
            return null;
        }

        var writtenAt = r.Int64();
        var stringOffsets = new int[r.Count()];
        for (var i = 0; i < stringOffsets.Length; i++)
        {
            stringOffsets[i] = r.Position;
            var length = r.Count();
            r.Position += length;
        }

        var listOffsets = new int[r.Count()];
        for (var i = 0; i < listOffsets.Length; i++)
        {
            listOffsets[i] = r.Position;
            var count = r.Count();
            r.Position += 4 * count;
        }

        var rootRecords = new (int Root, (int Folder, long Time)[] Folders, (int Path, bool IsIndex, int Tag)[] Files)[r.Count()];
        for (var i = 0; i < rootRecords.Length; i++)
        {
            var root = r.Int32();
            var folders = new (int, long)[r.Count()];
            for (var j = 0; j < folders.Length; j++)
            {
                folders[j] = (r.Int32(), r.Int64());
            }

            var files = new (int, bool, int)[r.Count()];
            for (var j = 0; j < files.Length; j++)
            {
                files[j] = (r.Int32(), r.Byte() != 0, r.Int32());
            }

            rootRecords[i] = (root, folders, files);
        }

        var cache = new CatalogCache(bytes, stringOffsets, listOffsets, 0, new Dictionary<string, Entry>(StringComparer.Ordinal), new Dictionary<string, CachedRoot>(StringComparer.Ordinal), writtenAt);
        var entries = new Entry[r.Count()];
        for (var i = 0; i < entries.Length; i++)
        {
            var stamp = new CatalogFileStamp(cache.String(r.Int32())!, r.Int64(), r.Int64(), cache.String(r.Int32()));
            var isIndex = r.Byte() != 0;
            Group[]? groups = null;
            if (r.Byte() != NotAPage)
            {
                groups = new Group[r.Count()];
                for (var g = 0; g < groups.Length; g++)
                {
                    groups[g] = new Group(cache.String(r.Int32())!, r.Count(), r.Int32());
                }
            }

            entries[i] = new Entry(stamp, isIndex, groups);
            cache._entries[stamp.Path] = entries[i];
        }

        var specCount = r.Count();
        var specsOffset = r.Position;
        if ((long)specsOffset + ((long)specCount * SpecRecordLength) != bytes.Length)
        {
            return null;
        }

        foreach (var (root, folders, files) in rootRecords)
        {
            cache._roots[cache.String(root)!] = new CachedRoot(
                folders.Select(f => (cache.String(f.Folder)!, f.Time)).ToArray(),
                files.Select(f => new CachedFile(cache.String(f.Path)!, f.IsIndex, cache.String(f.Tag))).ToArray());
        }

        foreach (var entry in entries)
        {
            foreach (var group in entry.Groups ?? [])
            {
                if (group.FirstSpec < 0 || group.Count < 0 || group.FirstSpec + group.Count > specCount)
                {
                    return null;
                }
            }
        }

        cache._specsOffset = specsOffset;
        return cache;
    }

    private string? String(int index)
    {
        if (index < 0)
        {
            return null;
        }

        if (_strings[index] is { } done)
        {
            return done;
        }

        var offset = _stringOffsets[index];
        var length = BinaryPrimitives.ReadInt32LittleEndian(_bytes.AsSpan(offset));
        return _strings[index] = Utf8Text.GetString(_bytes.AsSpan(offset + 4, length));
    }

    // A fast 64-bit mix over the body, to notice a truncated or damaged file (not an adversary).
    [MethodImpl(HotPath.Options)]
    private static ulong Checksum(ReadOnlySpan<byte> span)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(span);
        var hash = 0x9E3779B97F4A7C15UL ^ (ulong)span.Length;
        foreach (var word in words)
        {
            hash = (hash ^ word) * 0xBF58476D1CE4E5B9UL;
            hash ^= hash >> 31;
        }

        for (var i = words.Length * 8; i < span.Length; i++)
        {
            hash = (hash ^ span[i]) * 0x94D049BB133111EBUL;
        }

        return hash;
    }

    /// <summary>A folder source as found on disk: its folders with their times, and its catalog files.</summary>
    internal sealed record RootListing(string Root, IReadOnlyList<(string Folder, long Time)> Folders, IReadOnlyList<CachedFile> Files);

    /// <summary>A catalog file a cached folder holds.</summary>
    internal sealed record CachedFile(string Path, bool IsIndex, string? FolderTag);

    /// <summary>One cached file: its stamp and, for a page or index, one group of specs per package.</summary>
    internal sealed record Entry(CatalogFileStamp Stamp, bool IsIndex, Group[]? Groups);

    internal readonly record struct Group(string Name, int Count, int FirstSpec);

    /// <summary>A folder source as cached: its folders with their times, and its catalog files.</summary>
    internal sealed record CachedRoot((string Folder, long Time)[] Folders, CachedFile[] Files);

    private struct SpanWriter(byte[] bytes, int position)
    {
        public int Position = position;

        public void Int32(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(Position), value);
            Position += 4;
        }

        public void Int64(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(Position), value);
            Position += 8;
        }

        public void UInt64(ulong value)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(Position), value);
            Position += 8;
        }

        public void Byte(byte value) => bytes[Position++] = value;

        public void Bytes(byte[] value)
        {
            value.CopyTo(bytes, Position);
            Position += value.Length;
        }
    }

    private struct SpanReader(byte[] bytes, int position)
    {
        public int Position = position;

        public int Int32()
        {
            var value = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Position));
            Position += 4;
            return value;
        }

        /// <summary>A count or length: never negative in a sound file.</summary>
        public int Count()
        {
            var value = Int32();
            return value < 0 || value > bytes.Length ? throw new InvalidDataException() : value;
        }

        public long Int64()
        {
            var value = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(Position));
            Position += 8;
            return value;
        }

        public ulong UInt64()
        {
            var value = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(Position));
            Position += 8;
            return value;
        }

        public byte Byte() => bytes[Position++];
    }

    /// <summary>Builds each distinct version list, variant set, stack list and compiler once.</summary>
    private sealed class Materialiser(CatalogCache cache)
    {
        private readonly Dictionary<int, IReadOnlyList<SpackVersion>> _versions = [];
        private readonly Dictionary<int, VariantSet> _variants = [];
        private readonly Dictionary<int, string[]> _lists = [];
        private readonly Dictionary<long, SpecCompiler?> _compilers = [];

        public CatalogSpec Spec(int offset)
        {
            var record = cache._bytes.AsSpan(offset, SpecRecordLength);
            Span<int> f = stackalloc int[SpecFields];
            for (var i = 0; i < SpecFields; i++)
            {
                f[i] = BinaryPrimitives.ReadInt32LittleEndian(record.Slice(i * 4));
            }

            return new CatalogSpec(
                cache.String(f[0])!,
                Versions(f[7]),
                cache.String(f[1]),
                cache.String(f[2])!,
                cache.String(f[3])!,
                cache.String(f[4])!,
                Compiler(f[5], f[6]),
                Variants(f[8]),
                Strings(f[9]),
                cache.String(f[10]),
                new SourceLocation(cache.String(f[11])!, f[12], f[13]));
        }

        private string[] Strings(int list)
        {
            if (_lists.TryGetValue(list, out var done))
            {
                return done;
            }

            var offset = cache._listOffsets[list];
            var count = BinaryPrimitives.ReadInt32LittleEndian(cache._bytes.AsSpan(offset));
            var values = count == 0 ? [] : new string[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = cache.String(BinaryPrimitives.ReadInt32LittleEndian(cache._bytes.AsSpan(offset + 4 + (i * 4))))!;
            }

            return _lists[list] = values;
        }

        private IReadOnlyList<SpackVersion> Versions(int list)
        {
            if (!_versions.TryGetValue(list, out var versions))
            {
                _versions[list] = versions = new LazyVersionList(Strings(list));
            }

            return versions;
        }

        private VariantSet Variants(int list)
        {
            if (!_variants.TryGetValue(list, out var set))
            {
                _variants[list] = set = VariantSet.FromStrings(Strings(list));
            }

            return set;
        }

        private SpecCompiler? Compiler(int name, int version)
        {
            if (name < 0)
            {
                return null;
            }

            var key = ((long)name << 32) | (uint)version;
            if (!_compilers.TryGetValue(key, out var compiler))
            {
                var text = version < 0 ? cache.String(name) : cache.String(name) + "@" + cache.String(version);
                _compilers[key] = compiler = SpecCompiler.Parse(text);
            }

            return compiler;
        }
    }

    private sealed class IntListComparer : IEqualityComparer<int[]>
    {
        public static readonly IntListComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => x is null || y is null ? ReferenceEquals(x, y) : x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] items)
        {
            var hash = items.Length;
            foreach (var item in items)
            {
                hash = (hash * 31) + item;
            }

            return hash;
        }
    }
}
