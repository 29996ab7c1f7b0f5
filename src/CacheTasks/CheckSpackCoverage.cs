using CacheTasks.Diagnostics;
using CacheTasks.Environments;
using CacheTasks.Platform;
using CacheTasks.Requirements;
using CacheTasks.Run;
using Microsoft.Build.Framework;

namespace CacheTasks;

/// <summary>
/// Checks that the catalog has a binary for every <c>SpackRequirement</c> on every arch, logs
/// CT diagnostics and writes the coverage reports. All the work, saving results for incremental
/// builds included, is done by <see cref="CoverageRun"/>; this class only maps MSBuild inputs and outputs.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "MSBuild owns a task's lifetime and never disposes it; a CancellationTokenSource without a timer holds nothing to release.")]
public sealed class CheckSpackCoverage : SpackCoverageTask, ICancelableTask
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

    /// <summary><c>SpackMirrorsConfig</c>: a Spack mirrors.yaml whose entries give mirror credentials; relative to the project.</summary>
    public string? MirrorsConfig { get; set; }

    /// <summary><c>SpackMirrorTokenVariable</c>: the name of the environment variable holding a bearer token.</summary>
    public string? MirrorTokenVariable { get; set; }

    /// <summary><c>SpackMirrorUserVariable</c>: the name of the environment variable holding a user.</summary>
    public string? MirrorUserVariable { get; set; }

    /// <summary><c>SpackMirrorPasswordVariable</c>: the name of the environment variable holding a password.</summary>
    public string? MirrorPasswordVariable { get; set; }

    /// <summary>
    /// A folder of this project's own for the parsed catalog; empty (the default) keeps it in the
    /// cache folder (<see cref="MirrorCacheDirectory"/>, or the per-user cache), one per catalog.
    /// </summary>
    public string? ParsedCatalogCacheDirectory { get; set; }

    /// <summary><c>SpackOsCompatibility</c>: exact or libc.</summary>
    public string? OsCompatibility { get; set; }

    /// <summary><c>SpackCoverageThreshold</c>: the least percent of rows covered; below it is CT1100.</summary>
    public string? CoverageThreshold { get; set; }

    /// <summary><c>SpackCoverageBaseline</c>: an earlier coverage.json (a path relative to the project, or a URL) to compare with.</summary>
    public string? CoverageBaseline { get; set; }

    /// <summary><c>SpackFailOn</c>: any or new.</summary>
    public string? FailOn { get; set; }

    /// <summary>The project's <c>NoWarn</c>, applied to CT warnings as the compiler applies it.</summary>
    public string? NoWarn { get; set; }

    /// <summary>The project's <c>WarningsAsErrors</c>.</summary>
    public string? WarningsAsErrors { get; set; }

    /// <summary>The project's <c>WarningsNotAsErrors</c>.</summary>
    public string? WarningsNotAsErrors { get; set; }

    /// <summary>The project's <c>TreatWarningsAsErrors</c>.</summary>
    public string? TreatWarningsAsErrors { get; set; }

    /// <summary>True once the task has run (the targets replay saved results when the check was skipped).</summary>
    [Output]
    public bool Checked { get; private set; }

    public void Cancel() => _cancellation.Cancel();

    private protected override void Run()
    {
        Checked = true;
        var run = CoverageRun.Execute(CreateOptions(), _cancellation.Token);
        LogHostOnce(run.Host);
        if (run.CatalogNote is not null)
        {
            Log.LogMessage(MessageImportance.Low, "{0}", run.CatalogNote);
        }

        if (run.CheckNote is not null)
        {
            Log.LogMessage(MessageImportance.Low, "{0}", run.CheckNote);
        }

        Logger.Log(run.Diagnostics);
        SetOutputs(run.Items, run.ReportFiles);
        if (run.Summary is not null)
        {
            Log.LogMessage(MessageImportance.High, "{0}", run.Summary);
        }

        if (run.ResultsNotSaved is not null)
        {
            Log.LogMessage(MessageImportance.Normal, "{0}", run.ResultsNotSaved);
        }
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
        var engine = BuildEngine as IBuildEngine4;
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
            MirrorsConfig = ProjectRelative(MirrorsConfig),
            MirrorTokenVariable = MirrorTokenVariable,
            MirrorUserVariable = MirrorUserVariable,
            MirrorPasswordVariable = MirrorPasswordVariable,
            CoverageThreshold = CoverageThreshold,
            CoverageBaseline = string.IsNullOrWhiteSpace(CoverageBaseline) || CoverageBaseline!.Contains("://") ? CoverageBaseline : ProjectRelative(CoverageBaseline),
            FailOn = FailOn,
            ParsedCatalogCacheDirectory = string.IsNullOrWhiteSpace(ParsedCatalogCacheDirectory) ? null : ParsedCatalogCacheDirectory,
            ShareParsedCatalog = true,
            // Every project of the build checks against the same catalog: load it once per node.
            LoadedCatalogs = engine is null ? null : new BuildCatalogLoadCache(engine),
            // Projects with identical check inputs (requirements from one Directory.Build.props) check once per node.
            SharedChecks = engine is null ? null : new BuildCheckResultCache(engine),
            Project = ProjectFile,
            WarningPolicy = new WarningPolicy(NoWarn, WarningsAsErrors, WarningsNotAsErrors, WarningPolicy.IsTrue(TreatWarningsAsErrors)),
            ResultsFile = string.IsNullOrEmpty(ResultsFile) ? null : ResultsFile,
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
}
