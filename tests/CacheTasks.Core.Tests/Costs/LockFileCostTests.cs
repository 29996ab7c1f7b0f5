using System.Text;
using CacheTasks.Diagnostics;
using CacheTasks.Environments;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Costs;

/// <summary>
/// A spack.lock of a CI stack is megabytes on one line, with hundreds of roots sharing most of
/// their nodes: reading it, locating its roots and walking each root's closure must grow with the
/// lock, not with its square (the first reader walked the YAML tree again for every root).
/// </summary>
[Collection(CostRatios.Name)]
public sealed class LockFileCostTests
{
    // Independent stacks of 100 nodes, so a root's closure stays under 100 nodes at any size, as in real locks;
    // a root every ten nodes.
    private static string Lock(int stacks, int stackSize = 100)
    {
        static string Hash(int i) => i.ToString("x8", System.Globalization.CultureInfo.InvariantCulture).PadLeft(32, 'h');
        var text = new StringBuilder("{\"_meta\":{\"file-type\":\"spack-lockfile\",\"lockfile-version\":6,\"specfile-version\":5},\"roots\":[");
        var nodes = stacks * stackSize;
        for (var i = 9; i < nodes; i += 10)
        {
            text.Append(i == 9 ? string.Empty : ",").Append("{\"hash\":\"").Append(Hash(i)).Append("\",\"spec\":\"pkg").Append(i).Append("\"}");
        }

        text.Append("],\"concrete_specs\":{\"").Append(Hash(-1)).Append("\":{\"name\":\"gcc\",\"version\":\"13.3.0\",\"external\":{\"path\":\"/usr\"}}");
        for (var i = 0; i < nodes; i++)
        {
            text.Append(",\"").Append(Hash(i)).Append("\":{\"name\":\"pkg").Append(i).Append("\",\"version\":\"1.0\",\"arch\":{\"platform\":\"linux\",\"platform_os\":\"ubuntu24.04\",\"target\":\"x86_64_v3\"},\"dependencies\":[")
                .Append("{\"name\":\"gcc\",\"hash\":\"").Append(Hash(-1)).Append("\",\"parameters\":{\"deptypes\":[\"build\"],\"virtuals\":[\"c\"]}}");
            for (var back = 1; back <= 3 && i % stackSize >= back; back++)
            {
                text.Append(",{\"name\":\"pkg").Append(i - back).Append("\",\"hash\":\"").Append(Hash(i - back)).Append("\",\"parameters\":{\"deptypes\":[\"build\",\"link\"],\"virtuals\":[]}}");
            }

            text.Append("]}");
        }

        return text.Append("}}").ToString();
    }

    [Fact]
    public void Ten_times_the_roots_and_nodes_of_a_lock_take_at_most_twenty_times_as_long()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var small = folder.Write("small/spack.lock", Lock(20));
        var large = folder.Write("large/spack.lock", Lock(200));
        var roots = LockFileReader.Read(large, new List<Diagnostic>());
        Assert.Equal(2_000, roots.Count);
        Assert.Equal(99, roots[^1].Dependencies.Count);

        var ratio = CostRatios.CpuMilliseconds(() => LockFileReader.Read(large, new List<Diagnostic>()))
            / CostRatios.CpuMilliseconds(() => LockFileReader.Read(small, new List<Diagnostic>()), repeat: 10);

        Assert.True(ratio <= 20, $"a lock of 20,000 nodes took {ratio:F1} times as long as one of 2,000");
    }

    [Fact]
    public void Reading_a_lock_allocates_about_the_file_and_the_closures_it_keeps_not_a_walk_per_root()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        // One stack of 2,000 nodes: its 200 roots have closures of up to 2,000 nodes, 200,000 in all,
        // as the generated CI-scale lock of bench/README.md does.
        var path = folder.Write("spack.lock", Lock(1, stackSize: 2_000));
        LockFileReader.Read(path, new List<Diagnostic>());

        var before = GC.GetAllocatedBytesForCurrentThread();
        var roots = LockFileReader.Read(path, new List<Diagnostic>());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // What is kept is one reference per locked node of each root; the file is read once. A set,
        // a queue and a list per root's walk (and an enumerator per node visited) made 3 times this bound.
        var kept = roots.Sum(r => (long)r.Dependencies.Count);
        Assert.Equal(200_800, kept);
        var bound = (6 * new FileInfo(path).Length) + (16 * kept) + (1 << 20);
        Assert.True(allocated <= bound, $"reading the lock allocated {allocated:N0} bytes, more than {bound:N0}");
    }
}
