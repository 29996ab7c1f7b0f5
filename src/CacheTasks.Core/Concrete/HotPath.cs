using System.Runtime.CompilerServices;

namespace CacheTasks.Concrete;

/// <summary>
/// Methods that run once per build over tens of thousands of specs are compiled optimised at once:
/// with tiered JIT they would run unoptimised for most of a single load. netstandard2.0 (the
/// .NET Framework MSBuild) has no such option and compiles optimised anyway.
/// </summary>
/// <remarks>
/// The price: a method so marked is never taken from the ReadyToRun image (eng/ReadyToRun.targets),
/// so every process JIT-compiles it at full optimisation, whatever the image holds. Keep it for
/// small methods in the innermost loops (cheap to compile, slow unoptimised); a large method, or
/// one a loop calls a handful of times per file, costs more to compile in each process than it
/// saves where the image is used (a cold page load: the cache's encoder alone took 15 ms of JIT,
/// bench/README.md "A cold page load's CPU").
/// </remarks>
internal static class HotPath
{
#if NETSTANDARD2_0
    public const MethodImplOptions Options = 0;
#else
    public const MethodImplOptions Options = MethodImplOptions.AggressiveOptimization;
#endif
}
