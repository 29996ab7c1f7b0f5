using System.Text;
using CacheTasks.Catalog;
using CacheTasks.Core.Tests.Catalog;

namespace CacheTasks.Core.Tests.Costs;

/// <summary>A reader whose cost grows with the square of a one-line index.json fails here (issue 14: 5 min for 60,000 installs).</summary>
[Collection(CostRatios.Name)]
public sealed class MirrorIndexCostTests
{
    [Fact]
    public void Ten_times_the_installs_of_a_one_line_index_take_at_most_twenty_times_as_long()
    {
        var small = Encoding.UTF8.GetBytes(MirrorIndexGraphTests.Index(5_000, _ => string.Empty, MirrorIndexGraphTests.Dependencies));
        var large = Encoding.UTF8.GetBytes(MirrorIndexGraphTests.Index(50_000, _ => string.Empty, MirrorIndexGraphTests.Dependencies));
        Assert.Equal(50_000, MirrorIndexReader.Read("index.json", large).Count(s => s.InBuildCache));

        // Both sides on optimised code; the small index is read twenty times a try and the large one
        // twice, so both sides are long beside the CPU clock's 10 ms step.
        CostRatios.Warm(() => MirrorIndexReader.Read("index.json", small));
        var ratio = CostRatios.CpuMilliseconds(() => MirrorIndexReader.Read("index.json", large), repeat: 2)
            / CostRatios.CpuMilliseconds(() => MirrorIndexReader.Read("index.json", small), repeat: 20);

        Assert.True(ratio <= 20, $"50,000 installs took {ratio:F1} times as long as 5,000");
    }
}
