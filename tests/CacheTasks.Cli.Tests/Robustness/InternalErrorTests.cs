using CacheTasks.Cli.Tests.Infrastructure;
using CacheTasks.Diagnostics;
using CacheTasks.Run;
using CacheTasks.Testing;

namespace CacheTasks.Cli.Tests.Robustness;

/// <summary>An exception inside the engine is a CT9001 line and exit code 2, never a crash with a stack trace.</summary>
public sealed class InternalErrorTests
{
    [Fact]
    public void An_exception_in_the_check_exits_2_with_CT9001()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);

        CliResult result;
        using (FaultInjection.Inject(nameof(CoverageRun)))
        {
            result = CliRunner.Run("check", "--catalog", catalog, "--arch", TestCatalog.X86, "zlib");
        }

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.Equal($"cachetasks: error CT9001: {string.Format(Messages.InternalError, $"InvalidOperationException: Fault injected at {nameof(CoverageRun)}.")}", line);
    }
}
