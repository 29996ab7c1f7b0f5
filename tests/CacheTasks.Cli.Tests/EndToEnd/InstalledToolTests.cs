using System.Diagnostics;
using System.Text;
using CacheTasks.Cli.Tests.Infrastructure;

namespace CacheTasks.Cli.Tests.EndToEnd;

/// <summary>
/// pack → local feed → <c>dotnet tool install --tool-path</c> → <c>cachetasks</c> run as its own
/// process: what a CI step gets, exit codes and the stdout/stderr split included.
/// </summary>
public sealed class InstalledToolTests(InstalledTool tool) : IClassFixture<InstalledTool>
{
    [Fact]
    public void The_tool_installs_from_a_local_feed_and_explains_a_machine_from_its_files()
    {
        Assert.True(tool.Install.ExitCode == 0, tool.Install.ToString());
        var machine = Machines.Get("intel-sapphirerapids-aws-m7i-xeon-8488c");

        var result = Run(["host", .. machine.HostArguments()]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(machine.ExpectedArch, result.OutputLines[0]);
        Assert.Contains(string.Format(Messages.CliHostVendor, "GenuineIntel"), result.OutputLines.Select(l => l.Trim()));
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
    public void Bad_input_exits_2()
    {
        Assert.True(tool.Install.ExitCode == 0, tool.Install.ToString());

        var result = Run("check", "--catalog", tool.Folder.Combine("no-catalog"), "zlib");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("cachetasks: error CT2002: ", Assert.Single(result.ErrorLines));
        Assert.Empty(result.Output);
    }

    private CliResult Run(params string[] arguments)
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
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new CliResult(process.ExitCode, output, error.GetAwaiter().GetResult());
    }
}
