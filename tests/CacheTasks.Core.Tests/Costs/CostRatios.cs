namespace CacheTasks.Core.Tests.Costs;

/// <summary>
/// Cost guards compare the time of one input with the time of ten times that input. They run on
/// their own, after the parallel tests, so another test's load cannot skew one side of a ratio.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CostRatios
{
    public const string Name = "Cost ratios";

    /// <summary>The best of <paramref name="runs"/> timings of <paramref name="work"/>, each after a full collection.</summary>
    public static double BestMilliseconds(Action work, int runs = 5)
    {
        var best = double.MaxValue;
        for (var run = 0; run < runs; run++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            work();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }

        return best;
    }
}
