namespace CacheTasks.Diagnostics;

/// <summary>
/// A test seam: makes the engine fail where a bug would, so tests can prove that every entry point
/// (the tasks, the command line) turns an unexpected exception into CT9001 and never into MSB4018
/// or a crash. The fault is scoped to the caller's async flow, so tests running in parallel never
/// see each other's faults, and nothing outside the test assemblies can set it.
/// </summary>
internal static class FaultInjection
{
    private static readonly AsyncLocal<string?> Point = new();

    /// <summary>Makes <see cref="At"/> throw at <paramref name="point"/> until disposed.</summary>
    public static IDisposable Inject(string point)
    {
        Point.Value = point;
        return new Scope();
    }

    /// <summary>Throws when a test injected a fault at <paramref name="point"/>; otherwise does nothing.</summary>
    public static void At(string point)
    {
        if (Point.Value is { } injected && string.Equals(injected, point, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Fault injected at {point}.");
        }
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose() => Point.Value = null;
    }
}
