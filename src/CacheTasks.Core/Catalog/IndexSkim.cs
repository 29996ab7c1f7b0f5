using CacheTasks.Platform;

namespace CacheTasks.Catalog;

/// <summary>
/// A mirror index as one forward pass (the skim) leaves it: per install only what finds it again
/// in the file and what the summary counts, no node dict. Install <c>i</c> is the bytes
/// <c>[Offsets[i], Offsets[i] + Lengths[i])</c> of the index (its key, <c>:</c> and value), found
/// at <c>Lines[i]</c>/<c>Columns[i]</c>; its kept edges are
/// <c>Targets[EdgeStarts[i]..EdgeStarts[i + 1]]</c>, each the install the edge leads to (-1: left
/// out, missing or closing a cycle), in the order the node-dict reader gives the edges. Names and
/// arch fields are the reader's interned strings, shared by every install that has them. The
/// parsed cache writes this table (<see cref="CatalogCache"/>), and <see cref="IndexFile"/> decodes
/// an install from its bytes when a check reaches it.
/// </summary>
internal sealed class IndexSkim(
    string?[] names,
    string?[] platforms,
    string?[] oses,
    string?[] targets,
    bool[] inBuildCache,
    long[] offsets,
    int[] lengths,
    int[] lines,
    int[] columns,
    int[] edgeStarts,
    int[] edgeTargets)
{
    public int Count => names.Length;

    public string?[] Names => names;

    public string?[] Platforms => platforms;

    public string?[] Oses => oses;

    public string?[] ArchTargets => targets;

    public bool[] InBuildCache => inBuildCache;

    public long[] Offsets => offsets;

    public int[] Lengths => lengths;

    public int[] Lines => lines;

    public int[] Columns => columns;

    /// <summary>Where each install's edges start in <see cref="Targets"/>; one more entry than installs.</summary>
    public int[] EdgeStarts => edgeStarts;

    public int[] Targets => edgeTargets;

    public int EdgeCount(int install) => edgeStarts[install + 1] - edgeStarts[install];

    /// <summary>The installs in the build cache by package, in the order the file first names each package; each package's in file order.</summary>
    public List<(string Name, int[] Installs)> Packages()
    {
        var byName = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            if (!inBuildCache[i])
            {
                continue;
            }

            var name = names[i]!;
            if (!byName.TryGetValue(name, out var list))
            {
                byName[name] = list = [];
                order.Add(name);
            }

            list.Add(i);
        }

        return order.Select(name => (name, byName[name].ToArray())).ToList();
    }

    /// <summary>What the summary counts of an install: index specs have no stacks, and the index's tag.</summary>
    public SpecFacts Facts(int install, string? tag) =>
        new(names[install] ?? string.Empty, new SpackArch(platforms[install] ?? string.Empty, oses[install] ?? string.Empty, targets[install] ?? string.Empty).ToString(), [], tag);
}
