using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using CacheTasks.Cli.Tests.Infrastructure;
using CacheTasks.Testing;

namespace CacheTasks.Cli.Tests.EndToEnd;

/// <summary>
/// pack → local feed → <c>dotnet tool install --tool-path</c> → <c>cachetasks</c> run as its own
/// process: what a CI step gets, exit codes and the stdout/stderr split included.
/// </summary>
public sealed partial class InstalledToolTests(InstalledTool tool) : IClassFixture<InstalledTool>
{
    [Fact]
    public void The_package_is_a_dotnet_tool_named_cachetasks_that_rolls_forward_to_newer_runtimes()
    {
        Assert.True(tool.Pack.ExitCode == 0, tool.Pack.ToString());
        using var zip = ZipFile.OpenRead(Path.Combine(tool.Feed, $"CacheTasks.Cli.{tool.Version}.nupkg"));
        var files = zip.Entries.Select(e => e.FullName).Where(n => n.StartsWith("tools/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

        const string Folder = "tools/net8.0/any/";
        string[] assemblies = ["CacheTasks.Cli", "CacheTasks.Core", "NuGet.Versioning", "System.CommandLine", "YamlDotNet"];
        Assert.All(assemblies, a => Assert.Contains(Folder + a + ".dll", files));
        Assert.DoesNotContain(files, f => f.EndsWith(".xml", StringComparison.Ordinal) && !f.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.EndsWith(".resources.dll", StringComparison.Ordinal));

        XDocument Xml(string name)
        {
            using var stream = zip.GetEntry(name)!.Open();
            return XDocument.Load(stream);
        }

        var command = Xml(Folder + "DotnetToolSettings.xml").Descendants("Command").Single();
        Assert.Equal("cachetasks", command.Attribute("Name")!.Value);
        Assert.Equal("CacheTasks.Cli.dll", command.Attribute("EntryPoint")!.Value);
        var metadata = Xml("CacheTasks.Cli.nuspec").Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        Assert.Equal("DotnetTool", metadata.Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name")!.Value);
        Assert.Equal("cli.md", metadata.Elements().Single(e => e.Name.LocalName == "readme").Value);
        Assert.NotNull(zip.GetEntry("cli.md"));

        using var runtimeConfig = zip.GetEntry(Folder + "CacheTasks.Cli.runtimeconfig.json")!.Open();
        using var json = JsonDocument.Parse(runtimeConfig);
        Assert.Equal("Major", json.RootElement.GetProperty("runtimeOptions").GetProperty("rollForward").GetString());
    }

    [Fact]
    public void The_tool_installs_from_a_local_feed_and_explains_a_machine_from_its_files()
    {
        Assert.True(tool.Install.ExitCode == 0, tool.Install.ToString());
        var machine = Machines.Get("intel-sapphirerapids-aws-m7i-xeon-8488c");

        var result = Run(["host", .. machine.HostArguments()]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(machine.ExpectedArch, result.OutputLines[0]);
        Assert.Contains(string.Format(CliMessages.HostVendor, "GenuineIntel"), result.OutputLines.Select(l => l.Trim()));
        Assert.Empty(result.Error);
    }

    [Fact]
    public void Check_exits_0_when_covered_and_1_with_ct1001_on_stderr_when_not()
    {
        Assert.True(tool.Install.ExitCode == 0, tool.Install.ToString());
        var catalog = TestCatalog.Write(tool.Folder);
        var reports = tool.Folder.Combine("reports");

        var covered = Run("check", "--catalog", catalog, "--arch", TestCatalog.X86, "--report-dir", reports, "zlib@1.3");
        var missing = Run("check", "--catalog", catalog, "--arch", TestCatalog.X86, "--arch", TestCatalog.Arm, "zlib@1.3");

        Assert.True(covered.ExitCode == 0, covered.ToString());
        Assert.Empty(covered.Error);
        Assert.Equal(string.Format(Messages.Summary, 1, 1, "100.0", Path.Combine(reports, "coverage.md")), covered.OutputLines[^1]);
        Assert.True(File.Exists(Path.Combine(reports, "coverage.json")));

        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.StartsWith($"cachetasks: error CT1001: 'zlib@1.3' has no binary for {TestCatalog.Arm}: ", Assert.Single(missing.ErrorLines));
        Assert.Equal(string.Format(Messages.SummaryNoReport, 1, 2, "50.0"), missing.OutputLines[^1]);
    }

    [Fact]
    public void Catalog_lists_what_the_catalog_holds_as_json_for_scripts()
    {
        Assert.True(tool.Install.ExitCode == 0, tool.Install.ToString());
        var catalog = TestCatalog.Write(tool.Folder);

        var result = Run("catalog", catalog, "--package", "zlib", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(["1.3.1", "1.2.13"], json.RootElement.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()));
    }

    [Fact]
    public void Bad_input_exits_2()
    {
        Assert.True(tool.Install.ExitCode == 0, tool.Install.ToString());

        var result = Run("check", "--catalog", tool.Folder.Combine("no-catalog"), "zlib");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("cachetasks: error CT2002: ", Assert.Single(result.ErrorLines));
        Assert.Empty(result.Output);
    }

    [Fact]
    public void On_linux_x64_the_tool_runs_its_own_code_precompiled_instead_of_jit_compiling_it()
    {
        Assert.True(tool.Install.ExitCode == 0, tool.Install.ToString());
        using var zip = ZipFile.OpenRead(Path.Combine(tool.Feed, $"CacheTasks.Cli.{tool.Version}.nupkg"));
        // Packed on linux-x64, the tool's own assemblies carry ReadyToRun code; the AWS SDK (s3:// only)
        // stays IL. Packed anywhere else, all stay IL.
        var precompiledHere = ReadyToRunImage.MadeHere;
        foreach (var assembly in new[] { "CacheTasks.Cli", "CacheTasks.Core", "System.CommandLine", "NuGet.Versioning", "YamlDotNet", "AWSSDK.Core" })
        {
            var expected = precompiledHere && !assembly.StartsWith("AWSSDK", StringComparison.Ordinal);
            Assert.True(expected == ReadyToRunImage.In(zip, $"tools/net8.0/any/{assembly}.dll"), assembly);
        }

        if (!precompiledHere)
        {
            return;
        }

        // What a user gains, seen the way the runtime reports it: the runtime really uses that code
        // (a runtime ignores ReadyToRun code made for another major version), so a run of the tool
        // JIT-compiles none of CacheTasks' own methods. Without the images, --help compiles 46.
        var log = tool.Folder.Combine("jit.txt");
        var result = Run(new Dictionary<string, string> { ["DOTNET_JitStdOutFile"] = log, ["DOTNET_JitDisasmSummary"] = "1" }, "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        var compiled = File.ReadAllLines(log);
        Assert.NotEmpty(compiled);
        Assert.DoesNotContain(compiled, line => line.Contains("JIT compiled CacheTasks.", StringComparison.Ordinal));
    }

    private CliResult Run(params string[] arguments) => Run(new Dictionary<string, string>(), arguments);

    private CliResult Run(Dictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool.Command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The tool's launcher finds the runtime beside the dotnet running these tests.
        start.Environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new CliResult(process.ExitCode, output, error.GetAwaiter().GetResult());
    }
}
