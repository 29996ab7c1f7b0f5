using CacheTasks.Diagnostics;
using CacheTasks.Incremental;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace CacheTasks;

/// <summary>
/// What the CacheTasks tasks share: the inputs both take, the logger that turns Core's diagnostics
/// into MSBuild entries, the result items, and the last-resort catch that makes any failure a coded
/// error (CT9001), never MSB4018.
/// </summary>
public abstract class SpackCoverageTask : MSBuildTask
{
    /// <summary>The project being built: where diagnostics without a file of their own point.</summary>
    public string? ProjectFile { get; set; }

    /// <summary><c>SpackMicroarchitectures</c>: an archspec-format microarchitectures.json replacing the embedded table.</summary>
    public string? Microarchitectures { get; set; }

    /// <summary>
    /// Where the check saves its diagnostics and results (under obj/), for <see cref="ReplaySpackCoverage"/>
    /// to show again when an incremental build skips the check.
    /// </summary>
    public string? ResultsFile { get; set; }

    /// <summary>
    /// One item per (requirement, arch) row. ItemSpec is the requirement; metadata: Arch,
    /// Status (covered or missing), MatchedHash, MatchedVersion, Stack, Hint.
    /// </summary>
    [Output]
    public ITaskItem[] Results { get; protected set; } = [];

    /// <summary>The report files written.</summary>
    [Output]
    public ITaskItem[] ReportFiles { get; protected set; } = [];

    private protected MSBuildDiagnosticLogger Logger => _logger ??= new MSBuildDiagnosticLogger(Log, ProjectFile);

    private MSBuildDiagnosticLogger? _logger;

    public sealed override bool Execute()
    {
        try
        {
            Run();
        }
        catch (OperationCanceledException)
        {
            // MSBuild reports the cancellation itself; a half-done check has nothing to add.
        }
        catch (Exception e)
        {
            // The last resort: whatever went wrong reaches the user as a coded error, never as MSB4018.
            Logger.Log(new Diagnostic(DiagnosticCodes.InternalError, DiagnosticSeverity.Error, string.Format(Messages.InternalError, $"{e.GetType().Name}: {e.Message}")));
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>The task's work; an exception becomes CT9001.</summary>
    private protected abstract void Run();

    private protected void SetOutputs(IEnumerable<SavedResult> results, IEnumerable<string> reportFiles)
    {
        Results = results.Select(ToItem).ToArray();
        ReportFiles = reportFiles.Select(f => (ITaskItem)new TaskItem(f)).ToArray();
    }

    private static ITaskItem ToItem(SavedResult result)
    {
        var item = new TaskItem(result.ItemSpec);
        foreach (var pair in result.Metadata)
        {
            item.SetMetadata(pair.Key, pair.Value);
        }

        return item;
    }
}
