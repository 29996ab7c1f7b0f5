using CacheTasks.Diagnostics;
using CacheTasks.Incremental;
using CacheTasks.Run;
using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;
using Microsoft.Build.Utilities;

namespace CacheTasks.Tests.Robustness;

/// <summary>
/// Whatever throws inside the engine reaches the user as CT9001 from the task, never as MSBuild's
/// MSB4018 "the task failed unexpectedly" with a stack trace.
/// </summary>
public sealed class InternalErrorTests
{
    [Fact]
    public void An_exception_in_the_check_is_CT9001_not_MSB4018()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = folder.Write("app.csproj", "<Project />");
        var engine = new RecordingBuildEngine(project);
        var task = new CheckSpackCoverage { BuildEngine = engine, Requirements = [new TaskItem("zlib")], Catalog = [folder.Path], ProjectFile = project };

        bool succeeded;
        using (FaultInjection.Inject(nameof(CoverageRun)))
        {
            succeeded = task.Execute();
        }

        Assert.False(succeeded);
        var error = Assert.Single(engine.Errors);
        Assert.Equal(DiagnosticCodes.InternalError, error.Code);
        Assert.Equal(string.Format(Messages.InternalError, $"InvalidOperationException: Fault injected at {nameof(CoverageRun)}."), error.Message);
        Assert.DoesNotContain(engine.Lines, l => l.Contains("MSB4018", StringComparison.Ordinal));
    }

    [Fact]
    public void An_exception_while_replaying_saved_results_is_CT9001_not_MSB4018()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var results = folder.Combine("spack-coverage.cache.json");
        SavedCheckFile.Write(results, new SavedCheck([], [], [], null));
        var engine = new RecordingBuildEngine(folder.Combine("app.proj"));
        var task = new ReplaySpackCoverage { BuildEngine = engine, ResultsFile = results };

        bool succeeded;
        using (FaultInjection.Inject(nameof(SavedCheckFile)))
        {
            succeeded = task.Execute();
        }

        Assert.False(succeeded);
        var error = Assert.Single(engine.Errors);
        Assert.Equal(DiagnosticCodes.InternalError, error.Code);
        Assert.Equal(string.Format(Messages.InternalError, $"InvalidOperationException: Fault injected at {nameof(SavedCheckFile)}."), error.Message);
    }
}
