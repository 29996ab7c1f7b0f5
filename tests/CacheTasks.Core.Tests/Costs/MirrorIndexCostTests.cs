using System.Text;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Core.Tests.Catalog;
using CacheTasks.IO;

namespace CacheTasks.Core.Tests.Costs;

/// <summary>
/// A reader whose cost grows with the square of a one-line index.json fails here (issue 14: 5 min
/// for 60,000 installs): the whole reader, and the skim a load makes (issue 24), its hash table,
/// edge lists and line counting included.
/// </summary>
[Collection(CostRatios.Name)]
public sealed class MirrorIndexCostTests
{
    private static readonly byte[] Small = Encoding.UTF8.GetBytes(MirrorIndexGraphTests.Index(5_000, _ => string.Empty, MirrorIndexGraphTests.Dependencies));
    private static readonly byte[] Large = Encoding.UTF8.GetBytes(MirrorIndexGraphTests.Index(50_000, _ => string.Empty, MirrorIndexGraphTests.Dependencies));

    [Fact]
    public void Ten_times_the_installs_of_a_one_line_index_take_at_most_twenty_times_as_long()
    {
        Assert.Equal(50_000, MirrorIndexReader.Read("index.json", Large).Count(s => s.InBuildCache));
        AssertLinear(bytes => MirrorIndexReader.Read("index.json", bytes), "to read");
    }

    [Fact]
    public void Ten_times_the_installs_of_a_one_line_index_take_at_most_twenty_times_as_long_to_skim()
    {
        Assert.Equal(50_000, Skim(Large).Packages.Count);
        AssertLinear(bytes => Skim(bytes), "to skim");
    }

    // Both sides on optimised code; the small index is read twenty times a try and the large one
    // twice, so both sides are long beside the CPU clock's 10 ms step.
    private static void AssertLinear(Action<byte[]> read, string what)
    {
        CostRatios.Warm(() => read(Small));
        var ratio = CostRatios.CpuMilliseconds(() => read(Large), repeat: 2)
            / CostRatios.CpuMilliseconds(() => read(Small), repeat: 20);

        Assert.True(ratio <= 20, $"50,000 installs took {ratio:F1} times as long {what} as 5,000");
    }

    private static IndexTable Skim(byte[] index)
    {
        using var stream = new MemoryStream(index, writable: false);
        return MirrorIndexReader.ReadTable("index.json", stream, FileStamp.Absent("index.json"), new CatalogInterner(), problems: null);
    }
}
