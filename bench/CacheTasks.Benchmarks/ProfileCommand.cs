using System.Diagnostics;
using CacheTasks.Catalog;
using CacheTasks.Sources;

namespace CacheTasks.Benchmarks;

/// <summary>Where a load's CPU time goes, measured as process CPU time so that a busy machine does not blur it.</summary>
internal static class ProfileCommand
{
    public static int Run(string catalog)
    {
        var files = Directory.GetFiles(catalog, "*.md", SearchOption.AllDirectories);
        for (var round = 0; round < 3; round++)
        {
            var bytes = Measure("read bytes (1 thread)", () => files.Select(File.ReadAllBytes).ToArray());
            Measure("parse pages (1 thread)", () => files.Select((f, i) => CatalogPageReader.Read(f, bytes[i], null)!.Count).Sum());
            Measure("enumerate", () => Directory.GetFiles(catalog, "*", SearchOption.AllDirectories).Length);
            Measure("stat", () => files.Sum(f => new FileInfo(f).Length));
            Measure("enumerate+stat (DirectoryInfo)", () => new DirectoryInfo(catalog).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length + f.LastWriteTimeUtc.Ticks % 2));
            Measure("load (parallel, no cache)", () => SourceKinds.Load([catalog]).Catalog.SpecCount);
            var cache = Path.Combine(Path.GetTempPath(), "ct-profile-cache");
            if (Directory.Exists(cache))
            {
                Directory.Delete(cache, recursive: true);
            }

            Measure("load (first, writes cache)", () => SourceKinds.Load([catalog], new CatalogLoadOptions { CacheDirectory = cache }).Catalog.SpecCount);
            Measure("load (warm cache)", () => SourceKinds.Load([catalog], new CatalogLoadOptions { CacheDirectory = cache }).Catalog.SpecCount);
            Measure("read cache file", () => File.ReadAllBytes(Path.Combine(cache, "catalog.cache")).Length);
            var snapshot = Measure("snapshot (check)", () => SourceKinds.Load([catalog], new CatalogLoadOptions { TakeSnapshot = true }).Snapshot!);
            Measure("snapshot current? (no-op)", snapshot.IsCurrent);
            Console.WriteLine();
        }

        return 0;
    }

    private static T Measure<T>(string what, Func<T> action)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var result = action();
        process.Refresh();
        Console.WriteLine($"{what,-28} wall {wall.Elapsed.TotalMilliseconds,7:F0} ms  cpu {(process.TotalProcessorTime - cpu).TotalMilliseconds,7:F0} ms");
        return result;
    }
}
