using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Environments;
using CacheTasks.Platform;
using CacheTasks.Incremental;
using CacheTasks.Reports;
using CacheTasks.Requirements;
using CacheTasks.Run;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace CacheTasks;

/// <summary>
/// Checks that the catalog has a binary for every <c>SpackRequirement</c> on every arch, logs
/// CT diagnostics and writes the coverage reports. All the work is done by
/// <see cref="CoverageRun"/>; this class only maps MSBuild inputs and outputs.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "MSBuild owns a task's lifetime and never disposes it; a CancellationTokenSource without a timer holds nothing to release.")]
public sealed class CheckSpackCoverage : MSBuildTask, ICancelableTask
{
    private const string HostLoggedKey = "CacheTasks.HostLogged:";

    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>The <c>SpackRequirement</c> items. Metadata: Stack, Severity, Version, Arch.</summary>
    /// <remarks>Not [Required]: a project may list only <see cref="Environments"/>, and MSBuild treats an empty list as not given.</remarks>
    public ITaskItem[] Requirements { get; set; } = [];

    /// <summary>The <c>SpackEnvironment</c> items: spack.yaml files (relative to the project). Metadata: Stack, Severity.</summary>
    public ITaskItem[] Environments { get; set; } = [];

    /// <summary><c>SpackUseLockFile</c>: <c>true</c> matches the concrete hashes of a spack.lock beside each environment.</summary>
    /// <remarks>A string, so a wrong value is CT3004 rather than MSBuild's own conversion error.</remarks>
    public string? UseLockFile { get; set; }

    /// <summary><c>SpackCatalog</c>: folders, pages, index.json files or mirror URLs.</summary>
    public string[] Catalog { get; set; } = [];

    /// <summary><c>SpackArch</c>: arches as platform-os-target, or host.</summary>
    public string[] Arches { get; set; } = [];

    /// <summary><c>SpackStack</c>.</summary>
    public string? Stack { get; set; }

    /// <summary><c>SpackMissingSeverity</c>: error, warning or message.</summary>
    public string? MissingSeverity { get; set; }

    /// <summary><c>SpackCoverageReportDirectory</c>.</summary>
    public string? ReportDirectory { get; set; }

    /// <summary><c>SpackCoverageReportFormats</c>.</summary>
    public string[] ReportFormats { get; set; } = [];

    /// <summary><c>SpackCatalogCacheDirectory</c>: where mirror indexes are cached; relative to the project.</summary>
    public string? MirrorCacheDirectory { get; set; }

    /// <summary><c>SpackCatalogRefresh</c>: auto, always or never.</summary>
    public string? MirrorRefresh { get; set; }

    /// <summary><c>SpackCatalogMaxAge</c>: how long a cached mirror index is used without revalidating.</summary>
    public string? MirrorMaxAge { get; set; }

    /// <summary><c>SpackCatalogTimeout</c>: seconds per mirror request.</summary>
    public string? MirrorTimeout { get; set; }

    /// <summary>Where the parsed catalog is kept between builds (the targets pass a folder under obj/); empty keeps none.</summary>
    public string? ParsedCatalogCacheDirectory { get; set; }

    /// <summary>The project being built: where diagnostics without a file of their own point.</summary>
    public string? ProjectFile { get; set; }

    /// <summary><c>SpackMicroarchitectures</c>: an archspec-format microarchitectures.json replacing the embedded table.</summary>
    public string? Microarchitectures { get; set; }

    /// <summary><c>SpackOsCompatibility</c>: exact or libc.</summary>
    public string? OsCompatibility { get; set; }

    /// <summary><c>SpackCoverageThreshold</c>: the least percent of rows covered; below it is CT1100.</summary>
    public string? CoverageThreshold { get; set; }

    /// <summary>The project's <c>NoWarn</c>, applied to CT warnings as the compiler applies it.</summary>
    public string? NoWarn { get; set; }

    /// <summary>The project's <c>WarningsAsErrors</c>.</summary>
    public string? WarningsAsErrors { get; set; }

    /// <summary>The project's <c>WarningsNotAsErrors</c>.</summary>
    public string? WarningsNotAsErrors { get; set; }

    /// <summary>The project's <c>TreatWarningsAsErrors</c>.</summary>
    public string? TreatWarningsAsErrors { get; set; }

    /// <summary>
    /// Where the check's diagnostics and results are saved for <see cref="ReplaySpackCoverage"/>,
    /// which shows them again when an incremental build skips the check.
    /// </summary>
    public string? ResultsFile { get; set; }

    /// <summary>True once the task has run (the targets replay saved results when the check was skipped).</summary>
    [Output]
    public bool Checked { get; private set; }

    /// <summary>
    /// One item per (requirement, arch) row. ItemSpec is the requirement; metadata: Arch,
    /// Status (covered or missing), MatchedHash, MatchedVersion, Stack, Hint.
    /// </summary>
    [Output]
    public ITaskItem[] Results { get; private set; } = [];

    /// <summary>The report files written.</summary>
    [Output]
    public ITaskItem[] ReportFiles { get; private set; } = [];

    public void Cancel() => _cancellation.Cancel();

    public override bool Execute()
    {
        Checked = true;
        var logger = new MSBuildDiagnosticLogger(Log, ProjectFile, CreatePolicy());
        string? summaryText = null;
        try
        {
            ForgetSavedResults();
            var run = CoverageRun.Execute(CreateOptions(), _cancellation.Token);
            LogHostOnce(run.Host);
            logger.Log(run.Diagnostics);
            if (run.Result is not null)
            {
                Results = run.Result.Rows.Select(ToItem).ToArray();
                ReportFiles = run.ReportFiles.Select(f => (ITaskItem)new TaskItem(f)).ToArray();
                summaryText = LogSummary(run.Result.Summary, run.ReportFiles);
            }

            SaveResults(run.Diagnostics, summaryText, run.Dependencies);
        }
        catch (OperationCanceledException)
        {
            // MSBuild reports the cancellation itself; a half-done check has nothing to add.
        }
        catch (Exception e)
        {
            // The last resort: whatever went wrong reaches the user as a coded error, never as MSB4018.
            logger.Log(new Diagnostic(DiagnosticCodes.InternalError, DiagnosticSeverity.Error, string.Format(Messages.InternalError, $"{e.GetType().Name}: {e.Message}")));
        }

        return !Log.HasLoggedErrors;
    }

    // Every project of a build detects the same host: say how once per build, not once per project.
    private void LogHostOnce(HostDetection host)
    {
        var key = HostLoggedKey + host.Arch;
        if (BuildEngine is IBuildEngine4 engine)
        {
            if (engine.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build) is not null)
            {
                return;
            }

            engine.RegisterTaskObject(key, host, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
        }

        Log.LogMessage(MessageImportance.Normal, Messages.HostDetected, host.Arch, host.Explanation);
    }

    private CoverageRunOptions CreateOptions()
    {
        var locator = new DeclarationLocator();
        return new CoverageRunOptions
        {
            CatalogSources = Catalog.Where(s => s.Trim().Length > 0).Select(s => s.Trim()).ToArray(),
            Arches = Arches,
            Requirements = Requirements.Select(item => ToInput(item, locator)).ToArray(),
            Stack = Stack,
            MissingSeverity = MissingSeverity,
            ReportDirectory = string.IsNullOrWhiteSpace(ReportDirectory) ? null : ReportDirectory,
            ReportFormats = ReportFormats,
            Environments = Environments.Select(item => new EnvironmentInput(item.GetMetadata("FullPath"), item.GetMetadata("Stack"), item.GetMetadata("Severity"))).ToArray(),
            UseLockFile = UseLockFile,
            MicroarchitecturesFile = string.IsNullOrWhiteSpace(Microarchitectures) ? null : Microarchitectures,
            OsCompatibility = OsCompatibility,
            MirrorCacheDirectory = ProjectRelative(MirrorCacheDirectory),
            MirrorRefresh = MirrorRefresh,
            MirrorMaxAge = MirrorMaxAge,
            MirrorTimeout = MirrorTimeout,
            CoverageThreshold = CoverageThreshold,
            ParsedCatalogCacheDirectory = string.IsNullOrWhiteSpace(ParsedCatalogCacheDirectory) ? null : ParsedCatalogCacheDirectory,
            TrackCatalogChanges = !string.IsNullOrEmpty(ResultsFile),
        };
    }

    private string? ProjectRelative(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || Path.IsPathRooted(path) || string.IsNullOrEmpty(ProjectFile))
        {
            return path;
        }

        return Path.Combine(Path.GetDirectoryName(ProjectFile) ?? string.Empty, path!.Trim());
    }

    private WarningPolicy CreatePolicy() => new(NoWarn, WarningsAsErrors, WarningsNotAsErrors, WarningPolicy.IsTrue(TreatWarningsAsErrors));

    // A check that fails half-way must not leave the previous results to be replayed as if current.
    private void ForgetSavedResults()
    {
        try
        {
            if (!string.IsNullOrEmpty(ResultsFile) && File.Exists(ResultsFile))
            {
                File.Delete(ResultsFile);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogMessage(MessageImportance.Normal, Messages.ResultsNotSaved, ResultsFile, e.Message);
        }
    }

    private void SaveResults(IReadOnlyList<Diagnostic> diagnostics, string? summaryText, CheckDependencies dependencies)
    {
        if (string.IsNullOrEmpty(ResultsFile))
        {
            return;
        }

        var results = Results.Select(r => new SavedResult(r.ItemSpec, r.CloneCustomMetadata().Keys.Cast<string>().ToDictionary(k => k, r.GetMetadata, StringComparer.Ordinal))).ToList();
        try
        {
            SavedCheckFile.Write(ResultsFile!, new SavedCheck(diagnostics, results, ReportFiles.Select(f => f.ItemSpec).ToList(), summaryText) { Dependencies = dependencies });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Without saved results the next build simply checks again; nothing is lost.
            Log.LogMessage(MessageImportance.Normal, Messages.ResultsNotSaved, ResultsFile, e.Message);
        }
    }

    private static RequirementInput ToInput(ITaskItem item, DeclarationLocator locator)
    {
        var text = SpecText(item);
        return new RequirementInput(
            text,
            Stack: item.GetMetadata("Stack"),
            Severity: item.GetMetadata("Severity"),
            Version: item.GetMetadata("Version"),
            Arch: item.GetMetadata("Arch"),
            Location: locator.Find(item.GetMetadata("DefiningProjectFullPath"), text));
    }

    // MSBuild reads %XX in an Include as an escaped character, so "%acfl" would arrive as "¬fl".
    // Spack specs are ASCII: when unescaping produced anything else, the user meant the text as written.
    private static string SpecText(ITaskItem item)
    {
        var text = item.ItemSpec;
        if (item is ITaskItem2 escaped && text.Any(c => c > '~' || c < ' '))
        {
            return escaped.EvaluatedIncludeEscaped;
        }

        return text;
    }

    private static TaskItem ToItem(CoverageRow row)
    {
        var best = row.Matches.OrderByDescending(m => m.Versions.Count == 0 ? null : m.Versions.Max()).FirstOrDefault();
        var item = new TaskItem(row.Requirement.Text);
        item.SetMetadata("Arch", row.Arch.ToString());
        item.SetMetadata("Status", row.Status == CoverageStatus.Covered ? "covered" : "missing");
        item.SetMetadata("MatchedHash", best?.Hash ?? string.Empty);
        item.SetMetadata("MatchedVersion", best?.VersionText ?? string.Empty);
        item.SetMetadata("Stack", row.Stack ?? string.Empty);
        item.SetMetadata("Hint", row.Hint ?? string.Empty);
        return item;
    }

    private string LogSummary(CoverageSummary summary, IReadOnlyList<string> reportFiles)
    {
        // coverage.md is the report a person opens; name it when it was written.
        var report = reportFiles.FirstOrDefault(f => f.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) ?? (reportFiles.Count > 0 ? reportFiles[0] : null);
        var percent = ReportText.Percent(summary.Percent);
        var text = report is null
            ? string.Format(Messages.SummaryNoReport, summary.Covered, summary.Total, percent)
            : string.Format(Messages.Summary, summary.Covered, summary.Total, percent, report);
        Log.LogMessage(MessageImportance.High, "{0}", text);
        return text;
    }
}
