using System.Diagnostics;
using System.Runtime;

namespace CacheTasks.Core.Tests.Costs;

/// <summary>
/// Cost guards compare the cost of one input with the cost of ten times that input. They run on
/// their own, after the parallel tests of this assembly, and count the process's CPU time rather
/// than the clock: other test assemblies build projects beside them on the same cores, which
/// delays the work without making it cost more.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CostRatios
{
    public const string Name = "Cost ratios";

    /// <summary>
    /// Runs <paramref name="work"/> (the small input) past tiered JIT's call-count threshold (about 30
    /// calls) and waits for the background compiler, so every method both sides use is optimised before
    /// either is measured: otherwise the large input, measured first, runs code the small one no longer does.
    /// </summary>
    public static void Warm(Action work)
    {
        for (var i = 0; i < 40; i++)
        {
            work();
        }

        Thread.Sleep(500);
    }

    /// <summary>
    /// The CPU milliseconds one call of <paramref name="work"/> costs: the best of three tries, each
    /// after a full collection and long enough (<paramref name="repeat"/> calls) for the system's
    /// CPU clock, which counts in steps of 10 ms on Linux. Background collections are off meanwhile,
    /// so the collector's work is counted where it happens, on this thread.
    /// </summary>
    public static double CpuMilliseconds(Action work, int repeat = 1)
    {
        var best = double.MaxValue;
        var mode = GCSettings.LatencyMode;
        GCSettings.LatencyMode = GCLatencyMode.Batch;
        try
        {
            using var process = Process.GetCurrentProcess();
            for (var run = 0; run < 3; run++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                process.Refresh();
                var before = process.TotalProcessorTime;
                for (var i = 0; i < repeat; i++)
                {
                    work();
                }

                process.Refresh();
                best = Math.Min(best, (process.TotalProcessorTime - before).TotalMilliseconds / repeat);
            }
        }
        finally
        {
            GCSettings.LatencyMode = mode;
        }

        return best;
    }
}
