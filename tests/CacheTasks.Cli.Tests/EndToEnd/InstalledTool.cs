using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Cli.Tests.EndToEnd;

/// <summary>
/// The CacheTasks.Cli tool package, packed once into a temporary local feed with a version no
/// other build has used, and installed from it with <c>dotnet tool install --tool-path</c>, as a
/// user or a CI step installs it.
/// </summary>
public sealed class InstalledTool : IDisposable
{
    private readonly TemporaryDirectory _folder = TestEnvironment.CreateTemporaryDirectory();

    public InstalledTool()
    {
        Version = $"0.0.1-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        Feed = _folder.Combine("feed");
        ToolPath = _folder.Combine("tools");
        Directory.CreateDirectory(Feed);
        // --no-build: the tool under test is the build these tests reference, and no second build
        // races the other test projects' packs for CacheTasks.Core's obj folder.
        Pack = DotNet.Run(TestEnvironment.RepositoryRoot, null, "pack", "src/CacheTasks.Cli/CacheTasks.Cli.csproj", "--no-build", "-c", Configuration, "-o", Feed, $"-p:PackageVersion={Version}");
        Install = Pack.ExitCode != 0
            ? Pack
            : DotNet.Run(_folder.Path, Isolated, "tool", "install", "CacheTasks.Cli", "--tool-path", ToolPath, "--add-source", Feed, "--version", Version);
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public string Version { get; }

    public string Feed { get; }

    public string ToolPath { get; }

    public ProcessResult Pack { get; }

    public ProcessResult Install { get; }

    public string Command => Path.Combine(ToolPath, OperatingSystem.IsWindows() ? "cachetasks.exe" : "cachetasks");

    public TemporaryDirectory Folder => _folder;

    // A package folder of its own, so nothing cached from an earlier run can stand in for the packed tool.
    private IReadOnlyDictionary<string, string> Isolated => new Dictionary<string, string> { ["NUGET_PACKAGES"] = _folder.Combine("packages") };

    public void Dispose() => _folder.Dispose();
}
