using System.Diagnostics;
using CacheTasks.Diagnostics;
using CacheTasks.Incremental;
using CacheTasks.Platform;
using Microsoft.Build.Framework;

namespace CacheTasks;

/// <summary>
/// Runs when an incremental build skipped <see cref="CheckSpackCoverage"/> because nothing it reads
/// changed: logs the saved diagnostics again (as the check logged them: NoWarn and the like are
/// inputs of the check, so a change to them checks again) and returns the saved result items, so a
/// second build shows what the first one did without reading the catalog. NuGet replays restore
/// warnings on a no-op restore the same way.
/// </summary>
public sealed class ReplaySpackCoverage : SpackCoverageTask
{
    private const string VerdictKey = "CacheTasks.CatalogSnapshotVerdict:";

    /// <summary>
    /// True when the saved results cannot be trusted (unreadable, or something the check read has
    /// changed): the targets then run the check.
    /// </summary>
    [Output]
    public bool NeedsCheck { get; private set; }

    private protected override void Run()
    {
        var saved = string.IsNullOrEmpty(ResultsFile) || !File.Exists(ResultsFile) ? null : SavedCheckFile.Read(ResultsFile!);
        if (saved is null)
        {
            // Only a damaged obj/ gets here. Replaying nothing would let a failing gate pass.
            Log.LogMessage(MessageImportance.High, Messages.ReplayUnreadable, ResultsFile);
            SavedCheckFile.Forget(ResultsFile ?? string.Empty);
            NeedsCheck = true;
            return;
        }

        if (saved.Dependencies.FindChange(Environment.GetEnvironmentVariable, DetectHost, CatalogIsCurrent) is { } change)
        {
            Log.LogMessage(MessageImportance.Normal, Messages.ReplayStale, change);
            NeedsCheck = true;
            return;
        }

        Log.LogMessage(MessageImportance.Normal, Messages.Replayed, saved.Diagnostics.Count, ResultsFile);
        Logger.Log(saved.Diagnostics);
        SetOutputs(saved.Results, saved.ReportFiles);
        if (saved.Summary is not null)
        {
            Log.LogMessage(MessageImportance.High, "{0}", saved.Summary);
        }
    }

    // Every project of a solution saved the same snapshot of the same catalog (one file, named by
    // its key): once one project of this build read it and compared it with the catalog, the others
    // on this node take its word rather than read and stat it all again.
    private bool CatalogIsCurrent(SavedCatalogSnapshot saved)
    {
        var engine = BuildEngine as IBuildEngine4;
        var key = VerdictKey + saved.Key;
        if (engine?.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build) is bool verdict)
        {
            Log.LogMessage(MessageImportance.Low, Messages.CatalogSnapshotJudged, saved.File);
            return verdict;
        }

        var watch = Stopwatch.StartNew();
        var snapshot = saved.Load();
        if (snapshot is null)
        {
            // Another project's file of the same key may still be there (a project's own cache folder): no verdict kept.
            Log.LogMessage(MessageImportance.Low, Messages.CatalogSnapshotUnreadable, saved.File);
            return false;
        }

        var current = snapshot.IsCurrent();
        Log.LogMessage(MessageImportance.Low, Messages.CatalogSnapshotChecked, saved.File, snapshot.Entries.Count, watch.ElapsedMilliseconds);
        engine?.RegisterTaskObject(key, current, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: true);
        return current;
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
}
