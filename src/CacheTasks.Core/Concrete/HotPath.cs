using System.Runtime.CompilerServices;

namespace CacheTasks.Concrete;

/// <summary>
/// Methods that run once per build over tens of thousands of specs are compiled optimised at once:
/// with tiered JIT they would run unoptimised for most of a single load. netstandard2.0 (the
/// .NET Framework MSBuild) has no such option and compiles optimised anyway.
/// </summary>
internal static class HotPath
{
#if NETSTANDARD2_0
    public const MethodImplOptions Options = 0;
#else
    public const MethodImplOptions Options = MethodImplOptions.AggressiveOptimization;
#endif
}
