using System.Text;
using CacheTasks.Catalog;
using CacheTasks.Concrete;

namespace CacheTasks.Core.Tests.Costs;

/// <summary>
/// A page is one line of JSON however many binaries it lists (boost: 684 of them, 741 KB): checking
/// it (<see cref="SpecDetailsChecker"/>) and building its specs when looked up must cost in step with
/// its length, not with its length times its entries.
/// </summary>
[Collection(CostRatios.Name)]
public sealed class PageCheckCostTests
{
    private static readonly byte[] Small = Page(2_000);
    private static readonly byte[] Large = Page(20_000);

    [Fact]
    public void Ten_times_the_binaries_of_a_page_take_at_most_twenty_times_as_long_to_check_and_to_build()
    {
        Assert.True(JsonLinePageReader.TryCheck("boost/specs.md", Large, null, new CatalogInterner(), out var facts));
        Assert.Equal(20_000, facts!.Count);
        Assert.Equal(20_000, JsonLinePageReader.BuildChecked("boost/specs.md", Large, null, new CatalogInterner())!.Count);

        AssertLinear(bytes => JsonLinePageReader.TryCheck("boost/specs.md", bytes, null, new CatalogInterner(), out _), "to check");
        AssertLinear(bytes => JsonLinePageReader.BuildChecked("boost/specs.md", bytes, null, new CatalogInterner()), "to build");
    }

    private static void AssertLinear(Action<byte[]> work, string what)
    {
        CostRatios.Warm(() => work(Small));
        var ratio = CostRatios.CpuMilliseconds(() => work(Large), repeat: 2)
            / CostRatios.CpuMilliseconds(() => work(Small), repeat: 20);

        Assert.True(ratio <= 20, $"20,000 binaries took {ratio:F1} times as long {what} as 2,000");
    }

    // The generator's shape (json.dumps, sorted keys), with distinct hashes, versions and variant sets.
    private static byte[] Page(int binaries)
    {
        var details = new StringBuilder();
        for (var i = 0; i < binaries; i++)
        {
            details.Append(i == 0 ? string.Empty : ", ")
                .Append("{\"compiler\": \"gcc@13.3.0\", \"hash\": \"").Append(i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture))
                .Append("\", \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"size\": \"-\", \"stacks\": [\"e4s\", \"root\"], \"target\": \"x86_64_v3\", \"variants\": [\"+shared\", \"cxxstd=").Append(i % 97)
                .Append("\", \"build_system=cmake\"], \"versions\": [\"1.").Append(i % 89).Append(".0\"]}");
        }

        return Encoding.UTF8.GetBytes("---\ntitle: \"boost\"\nlayout: cache\ncategories: [package, develop]\nmeta: {\"num_specs\": " + binaries + "}\nspec_details: [" + details + "]\n---\n");
    }
}
