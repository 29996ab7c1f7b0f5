using System.Buffers.Binary;
using CacheTasks.Concrete;
using CacheTasks.Specs;

namespace CacheTasks.Catalog;

/// <summary>
/// A mirror index in the cache: its table (<see cref="IndexTable"/>), not its specs. A cold load
/// writes the table without building a spec; a warm load reads the table and builds only the specs
/// a check looks up, each install's node dict decoded from its record when first needed. Layout of
/// an entry's table: tag, install count, the packages (name, installs), the edge count, one fixed
/// record per install (name, key, hash, version, arch, compiler fields, flags, variants, line,
/// column, first edge, edge count), then the edges (target install, name, virtuals and types).
/// </summary>
internal sealed partial class CatalogCache
{
    private const byte IndexTableEntry = 2;
    private const int InstallFields = 16;
    private const int InBuildCacheFlag = 1;
    private const int ExternalFlag = 2;

    /// <summary>What an entry's table writes, with its strings and lists registered.</summary>
    private sealed class TablePlan(int tag, int count, List<(int Name, int[] Installs)> packages, int[] installs, List<int> edges)
    {
        public int Size => 4 + 4 + 4 + packages.Sum(p => 8 + (4 * p.Installs.Length)) + 4 + (installs.Length * 4) + (edges.Count * 4);

        public void Write(ref SpanWriter w)
        {
            w.Int32(tag);
            w.Int32(count);
            w.Int32(packages.Count);
            foreach (var (name, members) in packages)
            {
                w.Int32(name);
                w.Int32(members.Length);
                foreach (var member in members)
                {
                    w.Int32(member);
                }
            }

            w.Int32(edges.Count / 3);
            foreach (var value in installs)
            {
                w.Int32(value);
            }

            foreach (var value in edges)
            {
                w.Int32(value);
            }
        }
    }

    private static TablePlan PlanTable(IndexTable table, Func<string?, int> s, Func<IReadOnlyList<string>, int> l)
    {
        var installs = new int[table.Count * InstallFields];
        var edges = new List<int>();
        for (var i = 0; i < table.Count; i++)
        {
            var node = table.Node(i);
            var f = installs.AsSpan(i * InstallFields, InstallFields);
            f[0] = s(node.Name);
            f[1] = s(node.Key);
            f[2] = s(node.Hash);
            f[3] = s(node.Version);
            f[4] = s(node.Platform);
            f[5] = s(node.Os);
            f[6] = s(node.Target);
            f[7] = s(node.CompilerName);
            f[8] = s(node.CompilerVersion);
            f[9] = s(node.AnnotatedCompiler);
            f[10] = (node.InBuildCache ? InBuildCacheFlag : 0) | (node.External ? ExternalFlag : 0);
            f[11] = l(node.Variants.Written);
            f[12] = node.Line;
            f[13] = node.Column;
            f[14] = edges.Count / 3;
            f[15] = node.Edges.Length;
            foreach (var edge in node.Edges)
            {
                edges.Add(edge.Target);
                edges.Add(s(edge.Name));
                edges.Add(((l(edge.Virtuals) + 1) << 4) | (int)edge.Types);
            }
        }

        return new TablePlan(s(table.Tag), table.Count, table.Packages.Select(p => (s(p.Name), p.Installs)).ToList(), installs, edges);
    }

    /// <summary>The table at the reader's position (moved past it), or null when it is not sound.</summary>
    private IndexTable? ReadTable(ref SpanReader r, string path)
    {
        var tag = String(r.Int32());
        var count = r.Count();
        var packages = new (string Name, int[] Installs)[r.Count()];
        for (var p = 0; p < packages.Length; p++)
        {
            var name = String(r.Int32())!;
            var members = new int[r.Count()];
            for (var m = 0; m < members.Length; m++)
            {
                members[m] = r.Int32();
                if ((uint)members[m] >= (uint)count)
                {
                    return null;
                }
            }

            packages[p] = (name, members);
        }

        var edgeCount = r.Count();
        var installsOffset = r.Position;
        var edgesOffset = installsOffset + (count * InstallFields * 4);
        if ((long)edgesOffset + (edgeCount * 12L) > _bytes.Length)
        {
            return null;
        }

        for (var i = 0; i < count; i++)
        {
            var variants = Int32At(installsOffset, (i * InstallFields) + 11);
            var first = Int32At(installsOffset, (i * InstallFields) + 14);
            var edges = Int32At(installsOffset, (i * InstallFields) + 15);
            if (variants < 0 || variants >= _listOffsets.Length || first < 0 || edges < 0 || (long)first + edges > edgeCount)
            {
                return null;
            }
        }

        for (var e = 0; e < edgeCount; e++)
        {
            var target = Int32At(edgesOffset, e * 3);
            var virtuals = (Int32At(edgesOffset, (e * 3) + 2) >> 4) - 1;
            if (target < -1 || target >= count || virtuals < 0 || virtuals >= _listOffsets.Length)
            {
                return null;
            }
        }

        r.Position = edgesOffset + (edgeCount * 12);
        var lists = new Dictionary<int, IReadOnlyList<string>>();
        var variantSets = new Dictionary<int, VariantSet>();
        return new IndexTable(path, tag, count, i => Install(installsOffset, edgesOffset, i, lists, variantSets), packages, i => Facts(installsOffset, i, tag));
    }

    private NodeDict Install(int installsOffset, int edgesOffset, int install, Dictionary<int, IReadOnlyList<string>> lists, Dictionary<int, VariantSet> variantSets)
    {
        int F(int field) => Int32At(installsOffset, (install * InstallFields) + field);
        var flags = F(10);
        var node = new NodeDict
        {
            Name = String(F(0)),
            Key = String(F(1)) ?? string.Empty,
            Hash = String(F(2)),
            Version = String(F(3)),
            Platform = String(F(4)),
            Os = String(F(5)),
            Target = String(F(6)),
            CompilerName = String(F(7)),
            CompilerVersion = String(F(8)),
            AnnotatedCompiler = String(F(9)),
            InBuildCache = (flags & InBuildCacheFlag) != 0,
            External = (flags & ExternalFlag) != 0,
            Line = F(12),
            Column = F(13),
        };
        if (!variantSets.TryGetValue(F(11), out var variants))
        {
            variantSets[F(11)] = variants = VariantSet.FromStrings(StringList(F(11)));
        }

        node.Variants = variants;
        var first = F(14);
        var edges = new NodeDictEdge[F(15)];
        for (var e = 0; e < edges.Length; e++)
        {
            var at = (first + e) * 3;
            var packed = Int32At(edgesOffset, at + 2);
            var list = (packed >> 4) - 1;
            if (!lists.TryGetValue(list, out var virtuals))
            {
                lists[list] = virtuals = StringList(list);
            }

            edges[e] = new NodeDictEdge { Target = Int32At(edgesOffset, at), Name = String(Int32At(edgesOffset, at + 1)) ?? string.Empty, Types = (DependencyTypes)(packed & 0xF), Virtuals = virtuals };
        }

        node.Edges = edges;
        return node;
    }

    /// <summary>The summary's facts of one install record (name and arch), without decoding its edges.</summary>
    private SpecFacts Facts(int installsOffset, int install, string? tag)
    {
        int F(int field) => Int32At(installsOffset, (install * InstallFields) + field);
        return IndexTable.Facts(new NodeDict { Name = String(F(0)), Platform = String(F(4)), Os = String(F(5)), Target = String(F(6)) }, tag);
    }

    private int Int32At(int offset, int index) => BinaryPrimitives.ReadInt32LittleEndian(_bytes.AsSpan(offset + (index * 4)));

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
}
