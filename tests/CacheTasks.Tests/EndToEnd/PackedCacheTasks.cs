using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.EndToEnd;

/// <summary>
/// The real CacheTasks .nupkg, packed once for the end-to-end tests into a temporary local feed,
/// with a version no other build has used, so no stale package can stand in for it.
/// </summary>
public sealed class PackedCacheTasks : IDisposable
{
    private readonly TemporaryDirectory _folder = TestEnvironment.CreateTemporaryDirectory();

    public PackedCacheTasks()
    {
        Version = $"0.0.1-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        Feed = _folder.Combine("feed");
        Directory.CreateDirectory(Feed);
        Pack = DotNet.Run(TestEnvironment.RepositoryRoot, null, "pack", "src/CacheTasks/CacheTasks.csproj", "-c", "Release", "-o", Feed, $"-p:PackageVersion={Version}");
        PackagePath = Path.Combine(Feed, $"CacheTasks.{Version}.nupkg");
    }

    public string Version { get; }

    public string Feed { get; }

    public string PackagePath { get; }

    public ProcessResult Pack { get; }

    public void Dispose() => _folder.Dispose();
}
