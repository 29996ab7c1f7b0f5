using System.Runtime.InteropServices;
using CacheTasks.Diagnostics;
using CacheTasks.Specs;

namespace CacheTasks.Catalog;

/// <summary>
/// The parsed catalog kept between builds (under <c>obj/</c>): for each page or index, keyed by its
/// path, size and modification time, the specs it gave, or that it is not a page. A warm build takes
/// every unchanged file from here without reading it.
/// </summary>
/// <remarks>
/// One compact binary file: a header (magic, format, the id of the assembly that wrote it, so a
/// rebuilt CacheTasks never trusts an old layout), a checksum of the body, then a string table, a
/// table of string lists (versions, variants and stacks repeat across specs, so each list is
/// materialised once), and the entries. Anything unexpected (missing, truncated, wrong checksum,
/// another writer's format) makes the whole cache empty: it is rebuilt, never an error. Files that
/// failed to parse are not kept, so their warnings come back on every build.
/// </remarks>
internal sealed class CatalogCache
{
    public const string FileName = "catalog.cache";

    private const int Magic = 0x43435443; // "CTCC"
    private const int Format = 1;
    private const byte NotAPage = 0;
    private const byte Specs = 1;

    private static readonly Guid WriterId = typeof(CatalogCache).Assembly.ManifestModule.ModuleVersionId;

    private readonly Dictionary<string, Entry> _entries;

    private CatalogCache(Dictionary<string, Entry> entries) => _entries = entries;

    public int Count => _entries.Count;

    /// <summary>The cache in <paramref name="directory"/>; empty when there is none or it cannot be trusted.</summary>
    public static CatalogCache Load(string directory)
    {
        try
        {
            var path = Path.Combine(directory, FileName);
            if (!File.Exists(path))
            {
                return Empty();
            }

            return Decode(File.ReadAllBytes(path)) ?? Empty();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException or ArgumentException or InvalidDataException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            return Empty();
        }
    }

    /// <summary>The specs the file gave when it had this size and time (null specs: not a page).</summary>
    public bool TryGet(CatalogFileStamp stamp, out IReadOnlyList<CatalogSpec>? specs)
    {
        if (_entries.TryGetValue(stamp.Path, out var entry) && entry.Stamp == stamp)
        {
            specs = entry.Specs;
            return true;
        }

        specs = null;
        return false;
    }

    /// <summary>Writes the cache atomically; a cache that cannot be written is simply not kept.</summary>
    public static void Save(string directory, IReadOnlyList<(CatalogFileStamp Stamp, IReadOnlyList<CatalogSpec>? Specs)> entries)
    {
        string? temporary = null;
        try
        {
            Directory.CreateDirectory(directory);
            var target = Path.Combine(directory, FileName);
            temporary = Path.Combine(directory, FileName + "." + Guid.NewGuid().ToString("N") + ".tmp");
            File.WriteAllBytes(temporary, Encode(entries));
            if (File.Exists(target))
            {
                File.Replace(temporary, target, destinationBackupFileName: null);
            }
            else
            {
                File.Move(temporary, target);
            }

            temporary = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException or NotSupportedException)
        {
            // Another build may have written it at the same moment; either copy is fine.
        }
        finally
        {
            if (temporary is not null)
            {
                TryDelete(temporary);
            }
        }
    }

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

    private static CatalogCache Empty() => new(new Dictionary<string, Entry>(StringComparer.Ordinal));

    private static byte[] Encode(IReadOnlyList<(CatalogFileStamp Stamp, IReadOnlyList<CatalogSpec>? Specs)> entries)
    {
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var stringList = new List<string>();
        var lists = new Dictionary<string, int>(StringComparer.Ordinal);
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

        int L(IEnumerable<string> values)
        {
            var items = values.Select(S).ToArray();
            var key = string.Join(",", items);
            if (!lists.TryGetValue(key, out var index))
            {
                lists[key] = index = listItems.Count;
                listItems.Add(items);
            }

            return index;
        }

        using var entryStream = new MemoryStream();
        using (var w = new BinaryWriter(entryStream, Utf8Text.Strict, leaveOpen: true))
        {
            w.Write(entries.Count);
            foreach (var (stamp, specs) in entries)
            {
                w.Write(S(stamp.Path));
                w.Write(stamp.Size);
                w.Write(stamp.ModifiedTicks);
                w.Write(S(stamp.FolderTag));
                if (specs is null)
                {
                    w.Write(NotAPage);
                    continue;
                }

                w.Write(Specs);
                w.Write(specs.Count);
                foreach (var spec in specs)
                {
                    w.Write(S(spec.Name));
                    w.Write(S(spec.Hash));
                    w.Write(S(spec.Platform));
                    w.Write(S(spec.Os));
                    w.Write(S(spec.Target));
                    w.Write(S(spec.Compiler?.Name));
                    w.Write(S(spec.Compiler?.Version?.Text));
                    w.Write(L(spec.Versions.Select(v => v.Text)));
                    w.Write(L(spec.Variants.Written));
                    w.Write(L(spec.Stacks));
                    w.Write(S(spec.Tag));
                    w.Write(S(spec.Source.File));
                    w.Write(spec.Source.Line);
                    w.Write(spec.Source.Column);
                }
            }
        }

        using var body = new MemoryStream();
        using (var w = new BinaryWriter(body, Utf8Text.Strict, leaveOpen: true))
        {
            w.Write(stringList.Count);
            foreach (var value in stringList)
            {
                w.Write(value);
            }

            w.Write(listItems.Count);
            foreach (var items in listItems)
            {
                w.Write(items.Length);
                foreach (var item in items)
                {
                    w.Write(item);
                }
            }

            entryStream.Position = 0;
            entryStream.CopyTo(body);
        }

        var bodyBytes = body.ToArray();
        using var file = new MemoryStream(bodyBytes.Length + 40);
        using (var w = new BinaryWriter(file, Utf8Text.Strict, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Format);
            w.Write(WriterId.ToByteArray());
            w.Write(Checksum(bodyBytes, 0));
            w.Write(bodyBytes);
        }

        return file.ToArray();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static CatalogCache? Decode(byte[] bytes)
    {
        const int HeaderLength = 4 + 4 + 16 + 8;
        if (bytes.Length < HeaderLength)
        {
            return null;
        }

        using var stream = new MemoryStream(bytes, writable: false);
        using var r = new BinaryReader(stream, Utf8Text.Strict);
        if (r.ReadInt32() != Magic || r.ReadInt32() != Format || new Guid(r.ReadBytes(16)) != WriterId || r.ReadUInt64() != Checksum(bytes, HeaderLength))
        {
            return null;
        }

        var strings = new string[r.ReadInt32()];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = r.ReadString();
        }

        var lists = new int[r.ReadInt32()][];
        for (var i = 0; i < lists.Length; i++)
        {
            var items = new int[r.ReadInt32()];
            for (var j = 0; j < items.Length; j++)
            {
                items[j] = r.ReadInt32();
            }

            lists[i] = items;
        }

        var materialised = new Materialiser(strings, lists);
        var entryCount = r.ReadInt32();
        var entries = new Dictionary<string, Entry>(entryCount, StringComparer.Ordinal);
        for (var e = 0; e < entryCount; e++)
        {
            var stamp = new CatalogFileStamp(strings[r.ReadInt32()], r.ReadInt64(), r.ReadInt64(), materialised.String(r.ReadInt32()));
            if (r.ReadByte() == NotAPage)
            {
                entries[stamp.Path] = new Entry(stamp, null);
                continue;
            }

            var specs = new CatalogSpec[r.ReadInt32()];
            for (var i = 0; i < specs.Length; i++)
            {
                var name = strings[r.ReadInt32()];
                var hash = materialised.String(r.ReadInt32());
                var platform = strings[r.ReadInt32()];
                var os = strings[r.ReadInt32()];
                var target = strings[r.ReadInt32()];
                var compiler = materialised.Compiler(r.ReadInt32(), r.ReadInt32());
                var versions = materialised.Versions(r.ReadInt32());
                var variants = materialised.Variants(r.ReadInt32());
                var stacks = materialised.Strings(r.ReadInt32());
                var tag = materialised.String(r.ReadInt32());
                var source = new SourceLocation(strings[r.ReadInt32()], r.ReadInt32(), r.ReadInt32());
                specs[i] = new CatalogSpec(name, versions, hash, platform, os, target, compiler, variants, stacks, tag, source);
            }

            entries[stamp.Path] = new Entry(stamp, specs);
        }

        return stream.Position == stream.Length ? new CatalogCache(entries) : null;
    }

    // A fast 64-bit mix over the body, to notice a truncated or damaged file (not an adversary).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static ulong Checksum(byte[] bytes, int start)
    {
        var span = bytes.AsSpan(start);
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

    private sealed record Entry(CatalogFileStamp Stamp, IReadOnlyList<CatalogSpec>? Specs);

    /// <summary>Builds each distinct version list, variant set, stack list and compiler once.</summary>
    private sealed class Materialiser(string[] strings, int[][] lists)
    {
        private readonly IReadOnlyList<SpackVersion>?[] _versions = new IReadOnlyList<SpackVersion>?[lists.Length];
        private readonly VariantSet?[] _variants = new VariantSet?[lists.Length];
        private readonly string[]?[] _strings = new string[]?[lists.Length];
        private readonly Dictionary<long, SpecCompiler> _compilers = [];

        public string? String(int index) => index < 0 ? null : strings[index];

        public string[] Strings(int list)
        {
            if (_strings[list] is { } done)
            {
                return done;
            }

            var items = lists[list];
            var values = items.Length == 0 ? [] : new string[items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                values[i] = strings[items[i]];
            }

            return _strings[list] = values;
        }

        public IReadOnlyList<SpackVersion> Versions(int list) => _versions[list] ??= new LazyVersionList(Strings(list));

        public VariantSet Variants(int list) => _variants[list] ??= VariantSet.FromStrings(Strings(list));

        public SpecCompiler? Compiler(int name, int version)
        {
            if (name < 0)
            {
                return null;
            }

            var key = ((long)name << 32) | (uint)version;
            if (!_compilers.TryGetValue(key, out var compiler))
            {
                _compilers[key] = compiler = SpecCompiler.Parse(version < 0 ? strings[name] : strings[name] + "@" + strings[version])!;
            }

            return compiler;
        }
    }
}
