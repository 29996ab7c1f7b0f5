using CacheTasks.Diagnostics;
using CacheTasks.Incremental;
using CacheTasks.IO;
using CacheTasks.Platform;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace CacheTasks;

/// <summary>
/// Runs when an incremental build skipped <see cref="CheckSpackCoverage"/> because nothing it reads
/// changed: logs the saved diagnostics again (with the project's current NoWarn/WarningsAsErrors)
/// and returns the saved result items, so a second build shows what the first one did without
/// reading the catalog. NuGet replays restore warnings on a no-op restore the same way.
/// </summary>
public sealed class ReplaySpackCoverage : MSBuildTask
{
    /// <summary>The file <see cref="CheckSpackCoverage.ResultsFile"/> wrote.</summary>
    [Required]
    public string ResultsFile { get; set; } = string.Empty;

    /// <summary>The project being built: where diagnostics without a file of their own point.</summary>
    public string? ProjectFile { get; set; }

    public string? NoWarn { get; set; }

    public string? WarningsAsErrors { get; set; }

    public string? WarningsNotAsErrors { get; set; }

    public string? TreatWarningsAsErrors { get; set; }

    /// <summary><c>SpackMicroarchitectures</c>, as the check got it: the table the host is detected with.</summary>
    public string? Microarchitectures { get; set; }

    /// <summary>
    /// True when the saved results cannot be trusted (missing, unreadable, another version, or
    /// something the check read has changed): nothing was replayed and the targets check now.
    /// </summary>
    [Output]
    public bool NeedsCheck { get; private set; }

    /// <summary>The saved <c>SpackCoverageResult</c> items, as <see cref="CheckSpackCoverage.Results"/> returned them.</summary>
    [Output]
    public ITaskItem[] Results { get; private set; } = [];

    /// <summary>The report files the check wrote.</summary>
    [Output]
    public ITaskItem[] ReportFiles { get; private set; } = [];

    public override bool Execute()
    {
        var logger = new MSBuildDiagnosticLogger(Log, ProjectFile, new WarningPolicy(NoWarn, WarningsAsErrors, WarningsNotAsErrors, WarningPolicy.IsTrue(TreatWarningsAsErrors)));
        try
        {
            var saved = File.Exists(ResultsFile) ? SavedCheckFile.Read(ResultsFile) : null;
            if (saved is null)
            {
                // Only a damaged obj/ gets here. Replaying nothing would let a failing gate pass.
                Log.LogMessage(MessageImportance.High, Messages.ReplayUnreadable, ResultsFile);
                AtomicFile.TryDelete(ResultsFile);
                NeedsCheck = true;
                return true;
            }

            if (saved.Dependencies.FindChange(Environment.GetEnvironmentVariable, DetectHost) is { } change)
            {
                Log.LogMessage(MessageImportance.Normal, Messages.ReplayStale, change);
                NeedsCheck = true;
                return true;
            }

            Log.LogMessage(MessageImportance.Normal, Messages.Replayed, saved.Diagnostics.Count, ResultsFile);
            logger.Log(saved.Diagnostics);
            Results = saved.Results.Select(ToItem).ToArray();
            ReportFiles = saved.ReportFiles.Select(f => (ITaskItem)new TaskItem(f)).ToArray();
            if (saved.Summary is not null)
            {
                Log.LogMessage(MessageImportance.High, "{0}", saved.Summary);
            }
        }
        catch (Exception e)
        {
            logger.Log(new Diagnostic(DiagnosticCodes.InternalError, DiagnosticSeverity.Error, string.Format(Messages.InternalError, $"{e.GetType().Name}: {e.Message}")));
        }

        return !Log.HasLoggedErrors;
    }

    // As the check detects it; a bad SpackMicroarchitectures file cannot be replayed, so it reads as "changed".
    private string DetectHost()
    {
        var diagnostics = new List<Diagnostic>();
        var table = string.IsNullOrWhiteSpace(Microarchitectures)
            ? MicroarchitectureTable.Embedded
            : MicroarchitectureTable.LoadArchspecJson(Microarchitectures!.Trim(), diagnostics) ?? MicroarchitectureTable.Embedded;
        return diagnostics.Count > 0 ? string.Empty : HostDetector.Detect(HostFacts.FromCurrentMachine(), table).Arch.ToString();
    }

    private static TaskItem ToItem(SavedResult result)
    {
        var item = new TaskItem(result.ItemSpec);
        foreach (var pair in result.Metadata)
        {
            item.SetMetadata(pair.Key, pair.Value);
        }

        return item;
    }
}
