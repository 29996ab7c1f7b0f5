using System.Diagnostics;
using System.Reflection;
using System.Xml.Linq;
using CacheTasks.Testing;
using CacheTasks.Tests.EndToEnd;

namespace CacheTasks.Tests.Hosts;

/// <summary>
/// What the packed tasks may reference, read from their metadata: on .NET Framework every
/// assembly Visual Studio's MSBuild binds must be referenced at or below the version the oldest
/// supported MSBuild binds it to (Mono, which runs FrameworkHostTests, overlooks such a mismatch;
/// .NET Framework refuses to load the task), everything else must be in the task's own folder or in
/// .NET Framework; and no task may use MSBuild API newer than the oldest supported MSBuild's.
/// </summary>
[Collection(EndToEndBuilds.Name)]
public sealed class PackageClosureTests(PackedCacheTasks package)
{
    private static readonly string NuGetPackageRoot = typeof(PackageClosureTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!;

    [Fact]
    public void The_net472_tasks_reference_nothing_above_what_the_oldest_supported_MSBuild_binds_and_nothing_outside_their_folder()
    {
        var oldest = MSBuildBindings.Oldest;
        var folder = package.TasksFolder("net472");
        var shipped = Directory.GetFiles(folder, "*.dll").ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => AssemblyFile.Name(f).Version!, StringComparer.OrdinalIgnoreCase);
        var framework = Path.Combine(NuGetPackageRoot, "microsoft.netframework.referenceassemblies.net472", "1.0.3", "build", ".NETFramework", "v4.7.2");
        Assert.True(Directory.Exists(framework), $"The .NET Framework 4.7.2 reference assemblies are not at {framework} (the host project restores them).");

        var problems = new List<string>();
        foreach (var file in Directory.GetFiles(folder, "*.dll").Order(StringComparer.Ordinal))
        {
            foreach (var reference in AssemblyFile.References(file))
            {
                var name = reference.Name!;
                var where = $"{Path.GetFileName(file)} references {reference.FullName}";
                if (name.StartsWith("Microsoft.Build", StringComparison.Ordinal))
                {
                    continue;
                }

                if (oldest.Bindings.TryGetValue(name, out var bound))
                {
                    if (reference.Version > bound)
                    {
                        problems.Add($"{where}, but MSBuild {oldest.MSBuild} binds {name} up to {bound}: Visual Studio cannot load it.");
                    }
                }
                else if (shipped.TryGetValue(name, out var version))
                {
                    if (version < reference.Version)
                    {
                        problems.Add($"{where}, but the folder holds {version}.");
                    }
                }
                else if (FrameworkVersion(framework, name) is not { } frameworkVersion || frameworkVersion < reference.Version)
                {
                    problems.Add($"{where}, which is neither in tasks/net472, nor shipped by MSBuild, nor in .NET Framework 4.7.2.");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        // NuGet.Versioning is not redirected by MSBuild.exe.config and loads side by side (FrameworkHostTests);
        // where a Visual Studio configuration does redirect it, it goes up to Visual Studio's own, never down.
        Assert.True(shipped["NuGet.Versioning"] < oldest.NuGet, $"NuGet.Versioning {shipped["NuGet.Versioning"]} is not older than the {oldest.NuGet} Visual Studio {oldest.MSBuild} loads.");
    }

    [Fact]
    public void The_stand_in_MSBuild_folder_holds_the_oldest_supported_MSBuild_and_the_versions_it_binds()
    {
        // FrameworkHostTests are only as good as this imitation of Visual Studio's MSBuild\Current\Bin.
        var oldest = MSBuildBindings.Oldest;
        var files = Directory.GetFiles(FrameworkHost.BuildOutput, "*.dll").ToDictionary(f => Path.GetFileNameWithoutExtension(f), StringComparer.OrdinalIgnoreCase);

        Assert.StartsWith(oldest.Package + ".", FileVersionInfo.GetVersionInfo(files["Microsoft.Build.Utilities.Core"]).FileVersion, StringComparison.Ordinal);
        Assert.StartsWith(oldest.Package + ".", FileVersionInfo.GetVersionInfo(files["Microsoft.Build.Framework"]).FileVersion, StringComparison.Ordinal);
        foreach (var name in new[] { "System.Text.Json", "System.Memory", "System.Buffers", "System.Collections.Immutable", "Microsoft.Bcl.AsyncInterfaces", "System.Text.Encodings.Web", "System.Runtime.CompilerServices.Unsafe", "System.Threading.Tasks.Extensions" })
        {
            Assert.Equal((name, oldest.Bindings[name]), (name, AssemblyFile.Name(files[name]).Version));
        }

        // The tasks compile against the same MSBuild API (Directory.Packages.props).
        var props = XDocument.Load(TestEnvironment.Repository("Directory.Packages.props"));
        Assert.Equal(oldest.Package, props.Descendants("OldestMSBuildVersion").Single().Value);
    }

    [Theory]
    [InlineData("net472")]
    [InlineData("net8.0")]
    public void The_tasks_use_only_MSBuild_API_that_the_oldest_supported_MSBuild_has(string framework)
    {
        var surface = AssemblyFile.ApiSurface([Path.Combine(FrameworkHost.BuildOutput, "Microsoft.Build.Framework.dll"), Path.Combine(FrameworkHost.BuildOutput, "Microsoft.Build.Utilities.Core.dll")]);
        var uses = Directory.GetFiles(package.TasksFolder(framework), "*.dll").SelectMany(AssemblyFile.MSBuildApiUses).Distinct().ToList();

        Assert.Contains("Microsoft.Build.Utilities.TaskLoggingHelper::LogWarning Void(String,String,String,String,String,Int32,Int32,Int32,Int32,String,Object[])", uses);
        var missing = uses.Where(use => !surface.Contains(use)).ToList();
        Assert.True(missing.Count == 0, $"MSBuild {MSBuildBindings.Oldest.MSBuild} does not have:\n{string.Join("\n", missing)}");
    }

    private static Version? FrameworkVersion(string folder, string name) =>
        new[] { Path.Combine(folder, name + ".dll"), Path.Combine(folder, "Facades", name + ".dll") }.Where(File.Exists).Select(f => AssemblyFile.Name(f).Version).FirstOrDefault();
}
