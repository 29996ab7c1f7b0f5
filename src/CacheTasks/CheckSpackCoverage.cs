using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Reports;
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
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>The <c>SpackRequirement</c> items. Metadata: Stack, Severity, Version, Arch.</summary>
    [Required]
    public ITaskItem[] Requirements { get; set; } = [];

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

    /// <summary>Where the parsed catalog is kept between builds (the targets pass a folder under obj/); empty keeps none.</summary>
    public string? CatalogCacheDirectory { get; set; }

    /// <summary>The project being built: where diagnostics without a file of their own point.</summary>
    public string? ProjectFile { get; set; }

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
        var logger = new MSBuildDiagnosticLogger(Log, ProjectFile);
        try
        {
            var run = CoverageRun.Execute(CreateOptions(), _cancellation.Token);
            Log.LogMessage(MessageImportance.Normal, Messages.HostDetected, run.Host.Arch, run.Host.Explanation);
            logger.Log(run.Diagnostics);
            if (run.Result is not null)
            {
                Results = run.Result.Rows.Select(ToItem).ToArray();
                ReportFiles = run.ReportFiles.Select(f => (ITaskItem)new TaskItem(f)).ToArray();
                LogSummary(run.Result.Summary, run.ReportFiles);
            }
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
            CatalogCacheDirectory = string.IsNullOrWhiteSpace(CatalogCacheDirectory) ? null : CatalogCacheDirectory,
        };
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

    private void LogSummary(CoverageSummary summary, IReadOnlyList<string> reportFiles)
    {
        // coverage.md is the report a person opens; name it when it was written.
        var report = reportFiles.FirstOrDefault(f => f.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) ?? (reportFiles.Count > 0 ? reportFiles[0] : null);
        var percent = ReportText.Percent(summary.Percent);
        var text = report is null
            ? string.Format(Messages.SummaryNoReport, summary.Covered, summary.Total, percent)
            : string.Format(Messages.Summary, summary.Covered, summary.Total, percent, report);
        Log.LogMessage(MessageImportance.High, "{0}", text);
    }
}
