using System.Diagnostics;
using System.Globalization;
using CacheTasks.Catalog;
using CacheTasks.Sources;

namespace CacheTasks.Benchmarks;

/// <summary>One catalog load in a fresh process, as a build would do it, with its time and memory.</summary>
internal static class LoadCommand
{
    public static int Run(string catalog, string? cacheDirectory)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = SourceKinds.Load([catalog], new CatalogLoadOptions { CacheDirectory = cacheDirectory });
        stopwatch.Stop();

        var info = GC.GetGCMemoryInfo();
        var live = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"specs={result.Catalog.SpecCount} packages={result.Catalog.PackageCount} diagnostics={result.Diagnostics.Count} " +
            $"load_ms={stopwatch.Elapsed.TotalMilliseconds:F1} allocated_mb={GC.GetTotalAllocatedBytes() / 1048576.0:F1} " +
            $"gc_heap_peak_mb={Math.Max(info.HeapSizeBytes, live) / 1048576.0:F1} live_after_mb={live / 1048576.0:F1} " +
            $"gen0={GC.CollectionCount(0)} gen2={GC.CollectionCount(2)} peak_working_set_mb={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F1}"));
        GC.KeepAlive(result);
        return result.Catalog.SpecCount > 0 ? 0 : 1;
    }
}
