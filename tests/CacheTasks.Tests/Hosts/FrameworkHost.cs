using System.Reflection;
using System.Xml.Linq;
using CacheTasks.FrameworkHost;
using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.Hosts;

/// <summary>
/// tests/CacheTasks.FrameworkHost run under Mono: a copy of its output folder stands for Visual
/// Studio's MSBuild Bin folder, with the MSBuild.exe.config binding redirects of the oldest
/// supported MSBuild written next to it.
/// </summary>
internal static class FrameworkHost
{
    private static readonly Lazy<string?> MonoPath = new(() => FindOnPath("mono"));

    /// <summary>The host project's build output (the test project builds it first).</summary>
    public static string BuildOutput { get; } = typeof(FrameworkHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FrameworkHostDirectory").Value!;

    /// <summary>The NuGet.Versioning of another version that the host's build puts in nuget/, as Visual Studio's NuGet folder holds one.</summary>
    public static string VisualStudioNuGetVersioning => Path.Combine(BuildOutput, "nuget", "NuGet.Versioning.dll");

    /// <summary>Mono, or the test is skipped (CI installs it: .ci/run).</summary>
    public static string Mono
    {
        get
        {
            if (MonoPath.Value is null)
            {
                TestEnvironment.SkipOrFail("mono is not installed (Debian: apt-get install mono-complete), so the .NET Framework build of the tasks cannot be run");
            }

            return MonoPath.Value!;
        }
    }

    /// <summary>
    /// Runs the script's tasks from <paramref name="taskAssembly"/> in the host and returns what it
    /// recorded: the tasks' lines, then one <c>loaded</c> line per assembly in the AppDomain.
    /// </summary>
    public static (ProcessResult Process, IReadOnlyList<string[]> Records) Run(TemporaryDirectory work, string taskAssembly, TaskScript script, params string[] preload)
    {
        var mono = Mono;
        var bin = work.Combine("msbuild-bin");
        CopyFolder(BuildOutput, bin);
        WriteBindingRedirects(Path.Combine(bin, "CacheTasks.FrameworkHost.exe.config"), MSBuildBindings.Oldest);
        var scriptFile = work.Combine("script.txt");
        var output = work.Combine("records.txt");
        script.Write(scriptFile);
        var process = DotNet.RunProgram(mono, work.Path, null, ["--debug", Path.Combine(bin, "CacheTasks.FrameworkHost.exe"), taskAssembly, scriptFile, output, .. preload]);
        var records = File.Exists(output) ? File.ReadAllLines(output).Select(RecordText.Split).ToList() : [];
        return (process, records);
    }

    /// <summary>An .exe.config with one redirect 0.0.0.0-V → V per recorded binding, as MSBuild.exe.config has.</summary>
    private static void WriteBindingRedirects(string path, MSBuildBindings host)
    {
        XNamespace asm = "urn:schemas-microsoft-com:asm.v1";
        var binding = new XElement(asm + "assemblyBinding");
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(path)!, "*.dll"))
        {
            var name = AssemblyName.GetAssemblyName(file);
            if (!host.Bindings.TryGetValue(name.Name!, out var version) || name.GetPublicKeyToken() is not { Length: > 0 } token)
            {
                continue;
            }

            binding.Add(new XElement(asm + "dependentAssembly",
                new XElement(asm + "assemblyIdentity", new XAttribute("name", name.Name!), new XAttribute("publicKeyToken", Convert.ToHexStringLower(token)), new XAttribute("culture", "neutral")),
                new XElement(asm + "bindingRedirect", new XAttribute("oldVersion", $"0.0.0.0-{version}"), new XAttribute("newVersion", name.Version!.ToString()))));
        }

        new XDocument(new XElement("configuration",
            new XElement("startup", new XElement("supportedRuntime", new XAttribute("version", "v4.0"), new XAttribute("sku", ".NETFramework,Version=v4.7.2"))),
            new XElement("runtime", binding))).Save(path);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);
}
