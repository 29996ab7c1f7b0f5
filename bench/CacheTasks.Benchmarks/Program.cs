using BenchmarkDotNet.Running;
using CacheTasks.Benchmarks;

// `load DIR [--cache FOLDER]` loads a catalog once and prints what it took (bench/compare.sh times it);
// `profile DIR` shows where a load's time goes;
// anything else goes to BenchmarkDotNet (e.g. --filter '*').
if (args.Length >= 2 && args[0] == "load")
{
    return LoadCommand.Run(args[1], args.Length >= 4 && args[2] == "--cache" ? args[3] : null);
}

// `snapshot DIR`: what a check records of the catalog for incremental builds, and what a no-op
// build's replay then does (is every folder and page as it was?), once, in a fresh process.
if (args.Length >= 2 && args[0] == "snapshot")
{
    var watch = System.Diagnostics.Stopwatch.StartNew();
    var snapshot = CacheTasks.Sources.SourceKinds.Load([args[1]], new CacheTasks.Catalog.CatalogLoadOptions { TakeSnapshot = true }).Snapshot;
    var taken = watch.Elapsed.TotalMilliseconds;
    watch.Restart();
    var current = snapshot?.IsCurrent() == true;
    Console.WriteLine($"entries={snapshot?.Entries.Count} take_ms={taken:F1} current={current} current_ms={watch.Elapsed.TotalMilliseconds:F1}");
    return current ? 0 : 1;
}

// `index FILE`: the JSON reader alone vs the mirror index reader on one index.json, as CPU time.
if (args.Length >= 2 && args[0] == "index")
{
    return IndexCommand.Run(args[1]);
}

// `deps FILE`: the cost of ^/% clauses per (requirement × arch) row on one index.json.
if (args.Length >= 2 && args[0] == "deps")
{
    return DependencyCommand.Run(args[1]);
}

if (args.Length >= 2 && args[0] == "profile")
{
    return ProfileCommand.Run(args[1]);
}

BenchmarkSwitcher.FromAssembly(typeof(CatalogBenchmarks).Assembly).Run(args);
return 0;
