using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CacheTasks.Concrete;
using CacheTasks.Diagnostics;
using CacheTasks.IO;
using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Catalog;

/// <summary>
/// The cache's binary layout: a header (magic, format, the id of the assembly that wrote it, so a
/// rebuilt CacheTasks never trusts an old layout), a checksum of the body, then a string table, a
/// table of string lists, the source folders, the file entries, fixed-size spec records and the
/// dependency edges of index specs, then the facts of the pages the load only checked. Strings and
/// specs are decoded on demand; a spec's dependencies are decoded with it (each node once, shared by
/// every spec that depends on it). A page the load only checked (<see cref="PageFacts"/>) keeps no
/// spec record: its group names the package and tag, and each of its specs is two numbers, its arch
/// (an index in a table of the distinct arches: the develop-scale catalog's 60,000 specs have 81)
/// and its stack list. They are counted by the summary, never decoded as specs (the page is read
/// again instead).
/// </summary>
internal sealed partial class CatalogCache
{
    private const int Magic = 0x43435443; // "CTCC"
    private const int Format = 7;
    private const int HeaderLength = 4 + 4 + 16 + 8;
    private const int SpecFields = 16;
    private const int NotInBuildCache = 1;
    private const int HasDependencies = 2;
    private const int SpecRecordLength = SpecFields * 4;
    private const byte NotAPage = 0;
    private const byte Specs = 1;
    private const byte PageFactsEntry = 3;

    /// <summary>Lays the cache out in one buffer of the exact size: strings and lists are registered first, then everything is written once.</summary>
    private static byte[] Encode(long startedAt, IReadOnlyList<RootListing> roots, IReadOnlyList<(FileStamp Stamp, string? FolderTag, string? State, bool IsIndex, IReadOnlyList<CatalogSpec>? Specs, IndexTable? Table, PageFacts? Facts)> entries)
    {
        // Sized up front: growing these a step at a time, and a byte array per string, allocated
        // more than the cache itself and cost two full collections on a 60,000-spec catalog. A
        // checked page's facts add few strings (its path and name; arches and stacks repeat), and
        // no spec to find by reference: sizing by its specs made 4.6 MB of arrays that stayed empty.
        var specCount = 0;
        var builtSpecs = 0;
        foreach (var entry in entries)
        {
            specCount += entry.Specs?.Count ?? entry.Facts?.Count ?? 0;
            builtSpecs += entry.Specs?.Count ?? 0;
        }

        var stringCapacity = (builtSpecs * 2) + (entries.Count * 2) + roots.Sum(root => root.Folders.Count) + 64;
        var strings = new Dictionary<string, int>(stringCapacity, StringComparer.Ordinal);
        var stringList = new List<string>(stringCapacity);
        var lists = new Dictionary<int[], int>(IntListComparer.Instance);
        var listItems = new List<int[]>();

        // Neighbouring specs (one page's binaries) mostly repeat the same few list objects: a glance
        // at the last few spares the lookups below. Lists are not hashed by identity: many (a page's
        // version texts) are one object per spec, and giving 60,000 objects an identity hash cost
        // more than looking up their contents (measured).
        var recentLists = new IReadOnlyList<string>?[8];
        var recentIndexes = new int[8];
        var nextRecent = 0;

        // Most lists hold one string (a version, a stack): found by that string's index, no array made.
        var singletons = new Dictionary<int, int>();

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
            for (var i = 0; i < recentLists.Length; i++)
            {
                if (ReferenceEquals(recentLists[i], values))
                {
                    return recentIndexes[i];
                }
            }

            int known;
            if (values.Count == 1)
            {
                var item = S(values[0]);
                if (!singletons.TryGetValue(item, out known))
                {
                    singletons[item] = known = Register(values);
                }
            }
            else
            {
                known = Register(values);
            }

            recentLists[nextRecent] = values;
            recentIndexes[nextRecent] = known;
            nextRecent = (nextRecent + 1) % recentLists.Length;
            return known;
        }

        // One index per distinct content.
        int Register(IReadOnlyList<string> values)
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

        // Register: spec records (each file's binaries grouped by package, in first-seen order, then
        // the nodes only their graphs reach), the edges, entries and roots. A node shared by several
        // binaries is written once: records are found by reference.
        var records = new List<int>(builtSpecs * SpecFields);
        var edges = new List<int>();
        var recordOf = new Dictionary<CatalogSpec, int>(builtSpecs, SpecIdentityComparer.Instance);
        var nodesOnly = new List<CatalogSpec>();
        var entryPlans = new List<(int Path, long Size, long Time, int Tag, int State, bool IsIndex, List<(int Name, int Count, int First)>? Groups, TablePlan? Table, bool Reread, int FactsTag)>(entries.Count);

        // A checked page's specs: two numbers each, the index of its arch among the distinct ones and its stack list.
        var arches = new Dictionary<(int Platform, int Os, int Target), int>();
        var archList = new List<(int Platform, int Os, int Target)>();
        var factList = new List<int>((specCount - builtSpecs) * 2);

        // A checked page's stack lists are the interner's shared objects (a few hundred for 60,000
        // specs), unlike a built spec's lists: found by reference, they skip L's copy and content hash.
        var stackLists = new Dictionary<IReadOnlyList<string>, int>(ListIdentityComparer.Instance);

        int Record(CatalogSpec node)
        {
            if (!recordOf.TryGetValue(node, out var index))
            {
                recordOf[node] = index = recordOf.Count;
                nodesOnly.Add(node);
            }

            return index;
        }

        void Write(CatalogSpec spec)
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
            records.Add((spec.InBuildCache ? 0 : NotInBuildCache) | (spec.Dependencies is null ? 0 : HasDependencies));
            if (spec.Dependencies is not { Count: > 0 } dependencies)
            {
                records.Add(-1);
                return;
            }

            records.Add(edges.Count);
            edges.Add(dependencies.Count);
            foreach (var dependency in dependencies)
            {
                edges.Add(Record(dependency.Spec));
                edges.Add(((L(dependency.Virtuals) + 1) << 4) | (int)dependency.Types);
            }
        }

        // A checked page's facts; returns the index of its first.
        int WriteFacts(PageFacts facts)
        {
            var first = factList.Count;
            for (var i = 0; i < facts.Count; i++)
            {
                var key = (S(facts.Platforms[i]), S(facts.Oses[i]), S(facts.Targets[i]));
                if (!arches.TryGetValue(key, out var arch))
                {
                    arches[key] = arch = archList.Count;
                    archList.Add(key);
                }

                var stacks = facts.Stacks[i];
                if (!stackLists.TryGetValue(stacks, out var list))
                {
                    stackLists[stacks] = list = L(stacks);
                }

                factList.Add(arch);
                factList.Add(list);
            }

            return first / 2;
        }

        var grouped = new List<List<IReadOnlyList<CatalogSpec>>?>(entries.Count);
        foreach (var (_, _, _, _, fileSpecs, _, _) in entries)
        {
            var groups = fileSpecs is null ? null : GroupByName(fileSpecs);
            foreach (var group in groups ?? [])
            {
                foreach (var spec in group)
                {
                    recordOf[spec] = recordOf.Count;
                }
            }

            grouped.Add(groups);
        }

        for (var e = 0; e < entries.Count; e++)
        {
            var (stamp, folderTag, state, isIndex, _, table, facts) = entries[e];
            List<(int, int, int)>? groups = null;
            if (facts is not null)
            {
                // A page the load only checked: what the summary counts, nothing to decode.
                groups = [(S(facts.Name), facts.Count, WriteFacts(facts))];
            }
            else if (grouped[e] is { } fileGroups)
            {
                groups = [];
                foreach (var group in fileGroups)
                {
                    groups.Add((S(group[0].Name), group.Count, records.Count / SpecFields));
                    foreach (var spec in group)
                    {
                        Write(spec);
                    }
                }
            }

            entryPlans.Add((S(stamp.Path), stamp.Length, stamp.LastWriteTicks, S(folderTag), S(state), isIndex, groups, table is null ? null : PlanTable(table, S), facts is not null, facts is null ? -1 : S(facts.Tag)));
        }

        // Nodes outside the groups, in the order first reached; writing one may reach more.
        for (var i = 0; i < nodesOnly.Count; i++)
        {
            Write(nodesOnly[i]);
        }

        var rootPlans = roots.Select(root => (
            Root: S(root.Root),
            Folders: root.Folders.Select(f => (S(f.Folder), f.Time)).ToList(),
            // Every catalog file, also those that failed: their warnings must come back.
            Files: root.Files.Select(f => (S(f.Path), f.IsIndex, S(f.FolderTag))).ToList())).ToList();

        var encodedLengths = new int[stringList.Count];
        var size = HeaderLength + 8 + 4 + 4 + 4 + 4 + 4;
        for (var i = 0; i < encodedLengths.Length; i++)
        {
            encodedLengths[i] = Utf8Text.Strict.GetByteCount(stringList[i]);
            size += 4 + encodedLengths[i];
        }

        size += listItems.Sum(items => 4 + (4 * items.Length));
        size += rootPlans.Sum(root => 4 + 4 + (root.Folders.Count * 12) + 4 + (root.Files.Count * 9));
        size += entryPlans.Sum(entry => 4 + 8 + 8 + 4 + 4 + 1 + 1 + (entry.Groups is null ? 0 : 4 + (entry.Groups.Count * 12)) + (entry.Reread ? 4 : 0) + (entry.Table?.Size ?? 0));
        size += records.Count * 4;
        size += 4 + (edges.Count * 4);
        size += 4 + (archList.Count * 12) + 4 + (factList.Count * 4);

        var bytes = new byte[size];
        var w = new SpanWriter(bytes, HeaderLength);
        w.Int64(startedAt);
        w.Int32(stringList.Count);
        for (var i = 0; i < stringList.Count; i++)
        {
            w.Int32(encodedLengths[i]);
            w.String(stringList[i], encodedLengths[i]);
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
        foreach (var (path, fileSize, time, tag, state, isIndex, groups, table, reread, factsTag) in entryPlans)
        {
            w.Int32(path);
            w.Int64(fileSize);
            w.Int64(time);
            w.Int32(tag);
            w.Int32(state);
            w.Byte(isIndex ? (byte)1 : (byte)0);
            if (table is not null)
            {
                w.Byte(IndexTableEntry);
                table.Write(ref w);
                continue;
            }

            if (groups is null)
            {
                w.Byte(NotAPage);
                continue;
            }

            w.Byte(reread ? PageFactsEntry : Specs);
            w.Int32(groups.Count);
            foreach (var (name, count, first) in groups)
            {
                w.Int32(name);
                w.Int32(count);
                w.Int32(first);
            }

            if (reread)
            {
                w.Int32(factsTag);
            }
        }

        w.Int32(records.Count / SpecFields);
        foreach (var value in records)
        {
            w.Int32(value);
        }

        w.Int32(edges.Count);
        foreach (var value in edges)
        {
            w.Int32(value);
        }

        w.Int32(archList.Count);
        foreach (var (platform, os, target) in archList)
        {
            w.Int32(platform);
            w.Int32(os);
            w.Int32(target);
        }

        w.Int32(factList.Count / 2);
        foreach (var value in factList)
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
            var stamp = new FileStamp(cache.String(r.Int32())!, r.Int64(), r.Int64());
            var folderTag = cache.String(r.Int32());
            var state = cache.String(r.Int32());
            var isIndex = r.Byte() != 0;
            Group[]? groups = null;
            IndexTable? table = null;
            var kind = r.Byte();
            if (kind == IndexTableEntry)
            {
                table = cache.ReadTable(ref r, stamp);
                if (table is null)
                {
                    return null;
                }
            }
            else if (kind != NotAPage)
            {
                groups = new Group[r.Count()];
                for (var g = 0; g < groups.Length; g++)
                {
                    groups[g] = new Group(cache.String(r.Int32())!, r.Count(), r.Int32());
                }

                if (kind == PageFactsEntry)
                {
                    var tag = cache.String(r.Int32());
                    for (var g = 0; g < groups.Length; g++)
                    {
                        groups[g] = groups[g] with { Tag = tag };
                    }
                }
            }

            entries[i] = new Entry(stamp, folderTag, isIndex, groups) { Table = table, State = state, Reread = kind == PageFactsEntry };
            cache._entries[stamp.Path] = entries[i];
        }

        var specCount = r.Count();
        var specsOffset = r.Position;
        if ((long)specsOffset + ((long)specCount * SpecRecordLength) + 4 > bytes.Length)
        {
            return null;
        }

        r.Position = specsOffset + (specCount * SpecRecordLength);
        var edgeCount = r.Count();
        var edgesOffset = r.Position;
        if ((long)edgesOffset + ((long)edgeCount * 4) + 4 > bytes.Length || !EdgesSound(bytes, specsOffset, specCount, edgesOffset, edgeCount, listOffsets.Length))
        {
            return null;
        }

        r.Position = edgesOffset + (edgeCount * 4);
        var archCount = r.Count();
        var archesOffset = r.Position;
        if ((long)archesOffset + ((long)archCount * 12) + 4 > bytes.Length)
        {
            return null;
        }

        for (var i = 0; i < archCount * 3; i++)
        {
            if ((uint)r.Int32() >= (uint)stringOffsets.Length)
            {
                return null;
            }
        }

        var factCount = r.Count();
        var factsOffset = r.Position;
        if ((long)factsOffset + ((long)factCount * 8) != bytes.Length)
        {
            return null;
        }

        for (var i = 0; i < factCount; i++)
        {
            // An arch in the table and a stack list the file has.
            if ((uint)r.Int32() >= (uint)archCount || (uint)r.Int32() >= (uint)listOffsets.Length)
            {
                return null;
            }
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
                if (group.FirstSpec < 0 || group.Count < 0 || group.FirstSpec + group.Count > (entry.Reread ? factCount : specCount))
                {
                    return null;
                }
            }
        }

        cache._specsOffset = specsOffset;
        cache._specCount = specCount;
        cache._edgesOffset = edgesOffset;
        cache._archesOffset = archesOffset;
        cache._factsOffset = factsOffset;
        return cache;
    }

    /// <summary>Every edge list in bounds and every edge to a record that exists, so decoding never reads past the file.</summary>
    private static bool EdgesSound(byte[] bytes, int specsOffset, int specCount, int edgesOffset, int edgeCount, int listCount)
    {
        for (var i = 0; i < specCount; i++)
        {
            var edges = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(specsOffset + (i * SpecRecordLength) + ((SpecFields - 1) * 4)));
            if (edges < 0)
            {
                continue;
            }

            if (edges >= edgeCount)
            {
                return false;
            }

            var count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(edgesOffset + (edges * 4)));
            if (count < 0 || (long)edges + 1 + (2L * count) > edgeCount)
            {
                return false;
            }

            for (var j = 0; j < count; j++)
            {
                var target = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(edgesOffset + ((edges + 1 + (2 * j)) * 4)));
                var virtuals = (BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(edgesOffset + ((edges + 2 + (2 * j)) * 4))) >> 4) - 1;
                if (target < 0 || target >= specCount || virtuals < 0 || virtuals >= listCount)
                {
                    return false;
                }
            }
        }

        return true;
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

    private string[] StringList(int list)
    {
        var offset = _listOffsets[list];
        var count = BinaryPrimitives.ReadInt32LittleEndian(_bytes.AsSpan(offset));
        var values = count == 0 ? [] : new string[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = String(BinaryPrimitives.ReadInt32LittleEndian(_bytes.AsSpan(offset + 4 + (i * 4))))!;
        }

        return values;
    }

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

        /// <summary>The string's UTF-8 bytes, <paramref name="length"/> of them, written in place.</summary>
        public void String(string value, int length)
        {
            Position += Utf8Text.Strict.GetBytes(value, 0, value.Length, bytes, Position) == length ? length : throw new InvalidOperationException("catalog cache string miscounted");
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

        private readonly Dictionary<int, IReadOnlyList<string>> _virtuals = [];
        private readonly CatalogSpec?[] _built = new CatalogSpec?[cache._specCount];

        /// <summary>
        /// The spec of one record, built once. Its dependencies are decoded when first asked for
        /// (<see cref="LazyDependencies"/>): a warm load that only lists or matches roots never
        /// builds the graph's hundreds of thousands of edges.
        /// </summary>
        public CatalogSpec Spec(int record)
        {
            if (_built[record] is { } done)
            {
                return done;
            }

            var offset = cache._specsOffset + (record * SpecRecordLength);
            var bytes = cache._bytes.AsSpan(offset, SpecRecordLength);
            Span<int> f = stackalloc int[SpecFields];
            for (var i = 0; i < SpecFields; i++)
            {
                f[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(i * 4));
            }

            IReadOnlyList<CatalogDependency>? dependencies = null;
            if ((f[14] & HasDependencies) != 0)
            {
                var edges = f[15];
                dependencies = edges < 0 ? [] : new LazyDependencies(cache._decodeGate, () => Dependencies(edges));
            }

            return _built[record] = new CatalogSpec(
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
                new SourceLocation(cache.String(f[11])!, f[12], f[13]))
            {
                Dependencies = dependencies,
                InBuildCache = (f[14] & NotInBuildCache) == 0,
            };
        }

        /// <summary>The summary's facts of one record, without building its spec.</summary>
        public SpecFacts Facts(int record)
        {
            int F(int field) => BinaryPrimitives.ReadInt32LittleEndian(cache._bytes.AsSpan(cache._specsOffset + (record * SpecRecordLength) + (field * 4)));
            var arch = new SpackArch(cache.String(F(2))!, cache.String(F(3))!, cache.String(F(4))!);
            return new SpecFacts(cache.String(F(0))!, arch.ToString(), Strings(F(9)), cache.String(F(10)));
        }

        /// <summary>A checked page's facts: each spec's arch, from the table, and its stack list.</summary>
        public PageFacts PageFacts(Group group)
        {
            var platforms = new string[group.Count];
            var oses = new string[group.Count];
            var targets = new string[group.Count];
            var stacks = new IReadOnlyList<string>[group.Count];
            for (var i = 0; i < group.Count; i++)
            {
                var fact = cache._factsOffset + ((group.FirstSpec + i) * 8);
                var arch = cache._archesOffset + (ReadInt32(fact) * 12);
                platforms[i] = cache.String(ReadInt32(arch))!;
                oses[i] = cache.String(ReadInt32(arch + 4))!;
                targets[i] = cache.String(ReadInt32(arch + 8))!;
                stacks[i] = Strings(ReadInt32(fact + 4));
            }

            return new PageFacts(group.Name, group.Tag, platforms, oses, targets, stacks);
        }

        private int ReadInt32(int offset) => BinaryPrimitives.ReadInt32LittleEndian(cache._bytes.AsSpan(offset));

        /// <summary>The edges that start at <paramref name="edges"/> in the edge table, with their nodes.</summary>
        public CatalogDependency[] Dependencies(int edges)
        {
            var count = Edge(edges);
            var dependencies = new CatalogDependency[count];
            for (var i = 0; i < count; i++)
            {
                var packed = Edge(edges + 2 + (2 * i));
                dependencies[i] = new CatalogDependency(Spec(Edge(edges + 1 + (2 * i))), (DependencyTypes)(packed & 0xF), Virtuals((packed >> 4) - 1));
            }

            return dependencies;
        }

        private int Edge(int index) => BinaryPrimitives.ReadInt32LittleEndian(cache._bytes.AsSpan(cache._edgesOffset + (index * 4)));

        private IReadOnlyList<string> Virtuals(int list)
        {
            if (!_virtuals.TryGetValue(list, out var values))
            {
                _virtuals[list] = values = Strings(list);
            }

            return values;
        }

        private string[] Strings(int list)
        {
            if (!_lists.TryGetValue(list, out var values))
            {
                _lists[list] = values = cache.StringList(list);
            }

            return values;
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

    /// <summary>A file's specs by package, in first-seen order; a page holds one package, so usually one group.</summary>
    private static List<IReadOnlyList<CatalogSpec>> GroupByName(IReadOnlyList<CatalogSpec> specs)
    {
        var onePackage = true;
        for (var i = 1; i < specs.Count && onePackage; i++)
        {
            onePackage = string.Equals(specs[i].Name, specs[0].Name, StringComparison.Ordinal);
        }

        if (onePackage)
        {
            return specs.Count == 0 ? [] : [specs];
        }

        var byName = new Dictionary<string, List<CatalogSpec>>(StringComparer.Ordinal);
        var groups = new List<IReadOnlyList<CatalogSpec>>();
        foreach (var spec in specs)
        {
            if (!byName.TryGetValue(spec.Name, out var group))
            {
                byName[spec.Name] = group = [];
                groups.Add(group);
            }

            group.Add(spec);
        }

        return groups;
    }

    private sealed class ListIdentityComparer : IEqualityComparer<IReadOnlyList<string>>
    {
        public static readonly ListIdentityComparer Instance = new();

        public bool Equals(IReadOnlyList<string>? x, IReadOnlyList<string>? y) => ReferenceEquals(x, y);

        public int GetHashCode(IReadOnlyList<string> list) => RuntimeHelpers.GetHashCode(list);
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
