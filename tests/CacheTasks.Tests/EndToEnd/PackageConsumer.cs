using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.EndToEnd;

/// <summary>
/// A project that takes the packed package from its local feed, as a user's project takes it from NuGet:
/// <c>nuget.config</c> and <c>app/app.csproj</c> in a folder of its own, built by <c>dotnet build</c> in a
/// separate process with its own NuGet package folder (<c>packages/</c>) and its own per-user cache
/// (<c>user-cache/</c>, where the build keeps mirror indexes, parsed catalogs and snapshots unless
/// SpackCatalogCacheDirectory says otherwise), so everything a build leaves behind is under the folder.
/// </summary>
public sealed class PackageConsumer(PackedCacheTasks package, TemporaryDirectory folder)
{
    public TemporaryDirectory Folder => folder;

    public string Reports => folder.Combine("app", "obj", "spack-coverage");

    public string UserCache => folder.Combine("user-cache");

    /// <summary>Writes the consumer; returns the project's path. The properties and items go in as written (one line each).</summary>
    public string Write(string properties, string items)
    {
        Assert.True(package.Pack.ExitCode == 0, package.Pack.ToString());
        folder.Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="cachetasks-e2e" value="{package.Feed}" />
              </packageSources>
            </configuration>
            """);
        return folder.Write("app/app.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>{properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="CacheTasks" Version="{package.Version}" PrivateAssets="all" />
            {items}
              </ItemGroup>
            </Project>
            """);
    }

    /// <summary><c>dotnet build app/app.csproj</c> with the arguments, in the consumer's folder, with <paramref name="environment"/> beside its own package folder and cache.</summary>
    public ProcessResult Build(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["NUGET_PACKAGES"] = folder.Combine("packages"),
            ["XDG_CACHE_HOME"] = UserCache,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        return DotNet.Run(folder.Path, variables, ["build", "app/app.csproj", .. arguments]);
    }

    /// <summary>Arguments for a build that also leaves a diagnostic-verbosity text log and a binary log, named <paramref name="name"/>, in <c>logs/</c>.</summary>
    public string[] Logged(string name) =>
        [$"-flp:v=diag;logfile={folder.Combine("logs", name + ".log")}", $"-bl:{folder.Combine("logs", name + ".binlog")}"];

    /// <summary>
    /// Fails when any file under the consumer's folder — obj, bin, reports, its package folder, the per-user
    /// cache the builds used, the logs, each binary log decoded — or any build's output holds a secret.
    /// The logs are shown to be detailed enough to have held it: each holds <paramref name="loggedInput"/>,
    /// the task input that led the build to the secret (the variable's name, the mirrors.yaml).
    /// </summary>
    public void AssertSecretsNowhere(IEnumerable<ProcessResult> builds, string loggedInput, params string[] secrets)
    {
        var logs = folder.Combine("logs");
        var decoded = Directory.GetFiles(logs, "*.binlog").Select(Decode).ToList();
        var textLogs = Directory.GetFiles(logs, "*.log");
        Assert.NotEmpty(decoded);
        Assert.All(textLogs, log => Assert.Contains(loggedInput, File.ReadAllText(log), StringComparison.Ordinal));

        var files = SecretScan.AssertWrittenNowhere(folder.Path, secrets);
        Assert.Contains(files, f => f.EndsWith(Path.Combine("obj", "spack-coverage", "coverage.json"), StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith(UserCache, StringComparison.Ordinal) && Path.GetFileName(f) == "index.json");
        Assert.Contains(files, f => f.StartsWith(UserCache, StringComparison.Ordinal) && Path.GetFileName(f).StartsWith("snapshot-", StringComparison.Ordinal));
        foreach (var build in builds)
        {
            SecretScan.AssertNotIn(build.Output, secrets);
        }
    }

    /// <summary>
    /// Writes a binary log's events out as a diagnostic-verbosity text log beside it, read back by MSBuild's
    /// own binary log reader (<c>dotnet msbuild x.binlog</c>): a binary log is compressed, so its text
    /// is only searchable once decoded. Returns the text log's path.
    /// </summary>
    private string Decode(string binaryLog)
    {
        var text = Path.ChangeExtension(binaryLog, ".decoded.log");
        var replay = DotNet.Run(folder.Path, null, "msbuild", binaryLog, "-noconlog", $"-flp:v=diag;logfile={text}");
        // Replaying a failed build's log exits 1 as that build did; the text log is what counts.
        Assert.True(File.Exists(text) && new FileInfo(text).Length > 0, replay.ToString());
        return text;
    }
}
