using System.IO.Compression;
using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.EndToEnd;

/// <summary>
/// The real CacheTasks .nupkg, packed once for the end-to-end tests into a temporary local feed,
/// with a version no other build has used, so no stale package can stand in for it. Packed on first
/// use: the end-to-end collection shares one package, and a run of its other tests packs nothing.
/// </summary>
public sealed class PackedCacheTasks : IDisposable
{
    private readonly TemporaryDirectory _folder = TestEnvironment.CreateTemporaryDirectory();
    private readonly Lazy<ProcessResult> _pack;

    public PackedCacheTasks()
    {
        Version = $"0.0.1-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        Feed = _folder.Combine("feed");
        Directory.CreateDirectory(Feed);
        _pack = new(() => DotNet.Run(TestEnvironment.RepositoryRoot, null, "pack", "src/CacheTasks/CacheTasks.csproj", "-c", "Release", "-o", Feed, $"-p:PackageVersion={Version}"));
        PackagePath = Path.Combine(Feed, $"CacheTasks.{Version}.nupkg");
    }

    public string Version { get; }

    public string Feed { get; }

    public string PackagePath { get; }

    public ProcessResult Pack => _pack.Value;

    /// <summary>
    /// The package's tasks/&lt;framework&gt; folder, extracted once into a folder of its own, as NuGet
    /// extracts it into the package cache that MSBuild loads the task from.
    /// </summary>
    public string TasksFolder(string framework)
    {
        Assert.True(Pack.ExitCode == 0, Pack.ToString());
        var folder = _folder.Combine("extracted", framework);
        lock (_folder)
        {
            if (!Directory.Exists(folder))
            {
                using var zip = ZipFile.OpenRead(PackagePath);
                var prefix = $"tasks/{framework}/";
                Directory.CreateDirectory(folder);
                foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith(prefix, StringComparison.Ordinal) && e.Name.Length > 0))
                {
                    entry.ExtractToFile(Path.Combine(folder, entry.FullName[prefix.Length..]));
                }
            }
        }

        return folder;
    }

    public void Dispose() => _folder.Dispose();
}
