using System.Buffers.Binary;
using CacheTasks.IO;

namespace CacheTasks.Catalog;

/// <summary>
/// A mirror index in the cache: its skim (<see cref="IndexSkim"/>: where each install is in the
/// index file, its name and arch, its edges as installs), not its installs. A cold load writes the
/// skim without decoding an install; a warm load reads it back and decodes, from the index file
/// (whose stamp is the entry's), only the installs a check reaches. Layout of an entry's table:
/// tag, install count, one fixed record per install (name, platform, os, target, flags, line,
/// column, offset as two halves, length), the edge starts (one more than installs), then the edge
/// count and each edge's target install (-1: left out).
/// </summary>
internal sealed partial class CatalogCache
{
    private const byte IndexTableEntry = 2;
    private const int InstallFields = 10;
    private const int InBuildCacheFlag = 1;

    /// <summary>What an entry's table writes, with its strings registered.</summary>
    private sealed class TablePlan(int tag, int[] installs, IndexSkim skim)
    {
        public int Size => 4 + 4 + (installs.Length * 4) + (skim.EdgeStarts.Length * 4) + 4 + (skim.Targets.Length * 4);

        public void Write(ref SpanWriter w)
        {
            w.Int32(tag);
            w.Int32(skim.Count);
            foreach (var value in installs)
            {
                w.Int32(value);
            }

            foreach (var value in skim.EdgeStarts)
            {
                w.Int32(value);
            }

            w.Int32(skim.Targets.Length);
            foreach (var value in skim.Targets)
            {
                w.Int32(value);
            }
        }
    }

    private static TablePlan PlanTable(IndexTable table, Func<string?, int> s)
    {
        var skim = table.Skim;
        var installs = new int[skim.Count * InstallFields];
        for (var i = 0; i < skim.Count; i++)
        {
            var f = installs.AsSpan(i * InstallFields, InstallFields);
            f[0] = s(skim.Names[i]);
            f[1] = s(skim.Platforms[i]);
            f[2] = s(skim.Oses[i]);
            f[3] = s(skim.ArchTargets[i]);
            f[4] = skim.InBuildCache[i] ? InBuildCacheFlag : 0;
            f[5] = skim.Lines[i];
            f[6] = skim.Columns[i];
            f[7] = (int)(skim.Offsets[i] & 0xFFFFFFFF);
            f[8] = (int)(skim.Offsets[i] >> 32);
            f[9] = skim.Lengths[i];
        }

        return new TablePlan(s(table.Tag), installs, skim);
    }

    /// <summary>The table at the reader's position (moved past it), or null when it is not sound for <paramref name="stamp"/>'s file.</summary>
    private IndexTable? ReadTable(ref SpanReader r, FileStamp stamp)
    {
        var tag = String(r.Int32());
        var count = r.Count();
        var installsOffset = r.Position;
        var startsOffset = installsOffset + (count * InstallFields * 4L);
        if (startsOffset + ((count + 1) * 4L) + 4 > _bytes.Length)
        {
            return null;
        }

        var names = new string?[count];
        var platforms = new string?[count];
        var oses = new string?[count];
        var targets = new string?[count];
        var inBuildCache = new bool[count];
        var offsets = new long[count];
        var lengths = new int[count];
        var lines = new int[count];
        var columns = new int[count];
        for (var i = 0; i < count; i++)
        {
            int F(int field) => Int32At(installsOffset, (i * InstallFields) + field);
            names[i] = String(F(0));
            platforms[i] = String(F(1));
            oses[i] = String(F(2));
            targets[i] = String(F(3));
            inBuildCache[i] = (F(4) & InBuildCacheFlag) != 0;
            lines[i] = F(5);
            columns[i] = F(6);
            offsets[i] = (uint)F(7) | ((long)F(8) << 32);
            lengths[i] = F(9);
            if ((inBuildCache[i] && names[i] is null) || offsets[i] < 0 || lengths[i] < 0 || offsets[i] + lengths[i] > stamp.Length)
            {
                return null;
            }
        }

        var edgeStarts = new int[count + 1];
        for (var i = 0; i <= count; i++)
        {
            edgeStarts[i] = Int32At((int)startsOffset, i);
        }

        r.Position = (int)startsOffset + ((count + 1) * 4);
        var edgeCount = r.Count();
        if (edgeStarts[0] != 0 || edgeStarts[count] != edgeCount || (long)r.Position + (edgeCount * 4L) > _bytes.Length)
        {
            return null;
        }

        for (var i = 0; i < count; i++)
        {
            if (edgeStarts[i + 1] < edgeStarts[i])
            {
                return null;
            }
        }

        var edgeTargets = new int[edgeCount];
        for (var e = 0; e < edgeCount; e++)
        {
            edgeTargets[e] = r.Int32();
            if (edgeTargets[e] < -1 || edgeTargets[e] >= count)
            {
                return null;
            }
        }

        var skim = new IndexSkim(names, platforms, oses, targets, inBuildCache, offsets, lengths, lines, columns, edgeStarts, edgeTargets);
        return new IndexTable(stamp.Path, tag, skim, stamp);
    }

    private int Int32At(int offset, int index) => BinaryPrimitives.ReadInt32LittleEndian(_bytes.AsSpan(offset + (index * 4)));
}
