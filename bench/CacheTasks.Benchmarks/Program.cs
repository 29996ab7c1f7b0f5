using BenchmarkDotNet.Running;
using CacheTasks.Benchmarks;

// `load DIR [--cache FOLDER]` loads a catalog once and prints what it took (bench/compare.sh times it);
// anything else goes to BenchmarkDotNet (e.g. --filter '*').
if (args.Length >= 2 && args[0] == "load")
{
    return LoadCommand.Run(args[1], args.Length >= 4 && args[2] == "--cache" ? args[3] : null);
}

if (args.Length >= 2 && args[0] == "profile")
{
    return ProfileCommand.Run(args[1]);
}

BenchmarkSwitcher.FromAssembly(typeof(CatalogBenchmarks).Assembly).Run(args);
return 0;
