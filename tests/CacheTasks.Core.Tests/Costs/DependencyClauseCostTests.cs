using System.Text;
using CacheTasks.Catalog;
using CacheTasks.Coverage;
using CacheTasks.Platform;
using CacheTasks.Specs;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Costs;

/// <summary>
/// Rows missing because a <c>^</c> clause fails on every binary are the costly case of rule 7:
/// each binary's graph is walked for the clause and each row's hint reads the graphs of what was
/// ruled out. With graphs shaped like Spack's (a binary reaches a bounded number of nodes), ten
/// times the installs must cost about ten times as much, not a hundred.
/// </summary>
[Collection(CostRatios.Name)]
public sealed class DependencyClauseCostTests
{
    private static readonly SpackArch X86 = new("linux", "ubuntu24.04", "x86_64_v3");
    private static readonly SpackArch Arm = new("linux", "ubuntu24.04", "aarch64");

    // Each fails on every app binary: hdf5 is built with gcc, no openmpi is 6, the apps are built with gcc.
    private static readonly Requirement[] Failing = new[] { "app ^hdf5 %llvm", "app ^openmpi@6", "app ^mpi=intel-mpi", "app %llvm" }
        .Select(text => new Requirement(text, SpecParser.Parse(text)))
        .ToArray();

    [Fact]
    public void Ten_times_the_installs_cost_at_most_twenty_times_as_much_for_failing_dependency_clauses_with_hints()
    {
        var small = Catalog(500);
        var large = Catalog(5_000);
        var options = new CoverageOptions([X86, Arm], MicroarchitectureTable.Embedded);
        var result = CoverageChecker.Check(large, Failing, options);
        Assert.Equal(45_000, large.SpecsFor("app").Count * 9);
        Assert.All(result.Rows, row => Assert.Equal(CoverageStatus.Missing, row.Status));
        Assert.Contains(result.Rows, row => row.Hint!.Contains("^hdf5@1.14.", StringComparison.Ordinal));

        // Both sides on optimised code; the small check runs twenty times a try and the large one
        // twice, so both sides are long beside the CPU clock's 10 ms step.
        CostRatios.Warm(() => CoverageChecker.Check(small, Failing, options));
        var ratio = CostRatios.CpuMilliseconds(() => CoverageChecker.Check(large, Failing, options), repeat: 2)
            / CostRatios.CpuMilliseconds(() => CoverageChecker.Check(small, Failing, options), repeat: 20);

        Assert.True(ratio <= 20, $"45,000 installs took {ratio:F1} times as long as 4,500");
    }

    private static SpackCatalog Catalog(int builds)
    {
        var bytes = Encoding.UTF8.GetBytes(DagIndex.Layered(builds).ToString());
        return new SpackCatalog(["index.json"], MirrorIndexReader.Read("index.json", bytes));
    }
}
