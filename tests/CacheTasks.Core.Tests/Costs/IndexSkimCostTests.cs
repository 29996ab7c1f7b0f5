using System.Text;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Core.Tests.Catalog;
using CacheTasks.IO;

namespace CacheTasks.Core.Tests.Costs;

/// <summary>The skim a load makes of a mirror index (issue 24) grows with the file, not faster: its hash table, edge lists and line counting included.</summary>
[Collection(CostRatios.Name)]
public sealed class IndexSkimCostTests
{
    [Fact]
    public void Ten_times_the_installs_of_a_one_line_index_take_at_most_twenty_times_as_long_to_skim()
    {
        var small = Encoding.UTF8.GetBytes(MirrorIndexGraphTests.Index(5_000, _ => string.Empty, MirrorIndexGraphTests.Dependencies));
        var large = Encoding.UTF8.GetBytes(MirrorIndexGraphTests.Index(50_000, _ => string.Empty, MirrorIndexGraphTests.Dependencies));
        Assert.Equal(50_000, Skim(large).Packages.Count);

        CostRatios.Warm(() => Skim(small));
        var ratio = CostRatios.CpuMilliseconds(() => Skim(large), repeat: 2)
            / CostRatios.CpuMilliseconds(() => Skim(small), repeat: 20);

        Assert.True(ratio <= 20, $"50,000 installs took {ratio:F1} times as long to skim as 5,000");
    }

    private static IndexTable Skim(byte[] index)
    {
        using var stream = new MemoryStream(index, writable: false);
        return MirrorIndexReader.ReadTable("index.json", stream, FileStamp.Absent("index.json"), new CatalogInterner(), problems: null);
    }
}
