using CacheTasks.Cli.Tests.Infrastructure;

namespace CacheTasks.Cli.Tests.Commands;

/// <summary><c>--help</c> for every command and <c>--version</c>, on stdout with exit code 0.</summary>
public sealed class HelpAndVersionTests
{
    [Fact]
    public void Help_names_the_tool_and_its_three_commands()
    {
        var result = CliRunner.Run("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("cachetasks [command] [options]", result.Output);
        Assert.Contains(CliMessages.Description, result.Output);
        foreach (var command in new[] { "host", "check", "catalog" })
        {
            Assert.Contains(result.OutputLines, l => l.TrimStart().StartsWith(command + " ", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("host", new[] { "--cpuinfo", "--sysctl", "--os-release", "--json" })]
    [InlineData("check", new[] { "--catalog", "--arch", "--stack", "--env", "--threshold", "--missing-severity", "--report-dir", "--format", "--json", "<SPEC>" })]
    [InlineData("catalog", new[] { "--package", "--json", "<SRC>" })]
    public void Each_command_has_help_listing_its_options(string command, string[] options)
    {
        var result = CliRunner.Run(command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"cachetasks {command}", result.Output);
        foreach (var option in options)
        {
            Assert.Contains(option, result.Output);
        }
    }

    [Fact]
    public void Version_prints_the_tool_version()
    {
        var result = CliRunner.Run("--version");

        Assert.Equal(0, result.ExitCode);
        var version = typeof(CacheTasks.Cli.CliApp).Assembly.GetName().Version!;
        Assert.StartsWith($"{version.Major}.{version.Minor}.{version.Build}", result.Output.Trim());
    }

    [Fact]
    public void An_unknown_command_exits_2()
    {
        var result = CliRunner.Run("frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.Contains("frobnicate", StringComparison.Ordinal));
    }
}
