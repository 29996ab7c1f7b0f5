using System.Text.Json;
using CacheTasks.Testing;

namespace CacheTasks.Tests.Hosts;

/// <summary>
/// tests/data/hosts/msbuild-bindings.json: for each recorded Visual Studio MSBuild, the highest
/// version of each assembly its MSBuild.exe.config redirects, and which one is the oldest supported.
/// </summary>
internal sealed class MSBuildBindings
{
    private MSBuildBindings(string msbuild, string? package, IReadOnlyDictionary<string, Version> bindings, Version? nuget)
    {
        MSBuild = msbuild;
        Package = package;
        Bindings = bindings;
        NuGet = nuget;
    }

    public static string DataFile => TestEnvironment.Repository("tests", "data", "hosts", "msbuild-bindings.json");

    /// <summary>The oldest MSBuild CacheTasks supports.</summary>
    public static MSBuildBindings Oldest => All.Oldest;

    public static IReadOnlyList<MSBuildBindings> Hosts => All.Hosts;

    private static (MSBuildBindings Oldest, IReadOnlyList<MSBuildBindings> Hosts) All { get; } = Load();

    /// <summary>The MSBuild version, e.g. 17.8.</summary>
    public string MSBuild { get; }

    /// <summary>The Microsoft.Build.* package version of that MSBuild, where recorded.</summary>
    public string? Package { get; }

    /// <summary>Assembly name → the highest version MSBuild.exe.config redirects.</summary>
    public IReadOnlyDictionary<string, Version> Bindings { get; }

    /// <summary>The NuGet.Versioning version Visual Studio's own NuGet tasks load, where recorded.</summary>
    public Version? NuGet { get; }

    private static (MSBuildBindings, IReadOnlyList<MSBuildBindings>) Load()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(DataFile));
        var hosts = json.RootElement.GetProperty("hosts").EnumerateArray().Select(host => new MSBuildBindings(
            host.GetProperty("msbuild").GetString()!,
            host.TryGetProperty("msbuildPackage", out var package) ? package.GetString() : null,
            host.GetProperty("bindings").EnumerateObject().ToDictionary(p => p.Name, p => Version.Parse(p.Value.GetString()!), StringComparer.OrdinalIgnoreCase),
            host.TryGetProperty("nuget", out var nuget) ? Version.Parse(nuget.GetProperty("version").GetString()!) : null)).ToList();
        var oldest = json.RootElement.GetProperty("oldest").GetString();
        return (hosts.Single(h => h.MSBuild == oldest), hosts);
    }
}
