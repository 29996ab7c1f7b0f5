using CacheTasks.Diagnostics;
using CacheTasks.Environments;
using CacheTasks.Platform;
using CacheTasks.Requirements;

namespace CacheTasks.Run;

/// <summary>
/// Everything a coverage check is given, as the user wrote it (property values and items).
/// The MSBuild task and the command line both fill this in and hand it to <see cref="CoverageRun"/>.
/// </summary>
public sealed record CoverageRunOptions
{
    public IReadOnlyList<string> CatalogSources { get; init; } = [];

    /// <summary>Arch entries; empty means <see cref="RunDefaults.SpackArch"/>.</summary>
    public IReadOnlyList<string> Arches { get; init; } = [];

    public IReadOnlyList<RequirementInput> Requirements { get; init; } = [];

    public string? Stack { get; init; }

    /// <summary><c>error</c>, <c>warning</c> (default) or <c>message</c>.</summary>
    public string? MissingSeverity { get; init; }

    /// <summary>Where reports go; null writes none.</summary>
    public string? ReportDirectory { get; init; }

    public IReadOnlyList<string> ReportFormats { get; init; } = RunDefaults.SpackCoverageReportFormats.Split(';');

    /// <summary>The machine to detect as <c>host</c>; null means this machine.</summary>
    public HostFacts? HostFacts { get; init; }

    /// <summary>The microarchitecture table; null means the embedded one.</summary>
    public MicroarchitectureTable? Microarchitectures { get; init; }

    /// <summary>The <c>SpackEnvironment</c> items; their specs are checked after <see cref="Requirements"/>.</summary>
    public IReadOnlyList<EnvironmentInput> Environments { get; init; } = [];

    /// <summary><c>SpackUseLockFile</c>: <c>true</c> requires the concrete hashes of a <c>spack.lock</c> beside an environment; empty means <c>false</c>.</summary>
    public string? UseLockFile { get; init; }

    /// <summary>The variables environment <c>when:</c> conditions see as <c>env</c>; null means this process's.</summary>
    public IReadOnlyDictionary<string, string>? EnvironmentVariables { get; init; }

    /// <summary><c>SpackMicroarchitectures</c>: an archspec-format microarchitectures.json to use instead of the embedded table.</summary>
    public string? MicroarchitecturesFile { get; init; }

    /// <summary><c>SpackOsCompatibility</c>: <c>exact</c> (default) or <c>libc</c>.</summary>
    public string? OsCompatibility { get; init; }

    /// <summary><c>SpackCatalogCacheDirectory</c>: where mirror indexes are cached; empty means the per-user cache.</summary>
    public string? MirrorCacheDirectory { get; init; }

    /// <summary><c>SpackCatalogRefresh</c>: <c>auto</c> (default), <c>always</c> or <c>never</c>.</summary>
    public string? MirrorRefresh { get; init; }

    /// <summary><c>SpackCatalogMaxAge</c>: a TimeSpan such as <c>01:00:00</c> (default).</summary>
    public string? MirrorMaxAge { get; init; }

    /// <summary><c>SpackCatalogTimeout</c>: seconds per mirror request (default 30).</summary>
    public string? MirrorTimeout { get; init; }

    /// <summary><c>SpackCoverageBaseline</c>: an earlier coverage.json (a full path or a URL) to compare with; null or empty for none.</summary>
    public string? CoverageBaseline { get; init; }

    /// <summary><c>SpackFailOn</c>: <c>any</c> (default) or <c>new</c> (only rows missing now and not in the baseline get <see cref="MissingSeverity"/>).</summary>
    public string? FailOn { get; init; }

    /// <summary><c>SpackMirrorsConfig</c>: a Spack mirrors.yaml (or spack.yaml) whose mirrors: entries give mirror credentials.</summary>
    public string? MirrorsConfig { get; init; }

    /// <summary><c>SpackMirrorTokenVariable</c>: the environment variable holding a bearer token for mirrors with no config entry.</summary>
    public string? MirrorTokenVariable { get; init; }

    /// <summary><c>SpackMirrorUserVariable</c>: the environment variable holding a user name for mirrors with no config entry.</summary>
    public string? MirrorUserVariable { get; init; }

    /// <summary><c>SpackMirrorPasswordVariable</c>: the environment variable holding a password for mirrors with no config entry.</summary>
    public string? MirrorPasswordVariable { get; init; }

    /// <summary><c>SpackCoverageThreshold</c> as written: a percent from 0 to 100, or empty for none.</summary>
    public string? CoverageThreshold { get; init; }

    /// <summary>
    /// Where the parsed catalog is kept between runs, as one folder for this run alone; null keeps
    /// none unless <see cref="ShareParsedCatalog"/>.
    /// </summary>
    public string? ParsedCatalogCacheDirectory { get; init; }

    /// <summary>
    /// Without <see cref="ParsedCatalogCacheDirectory"/>: keeps the parsed catalog in the cache folder
    /// (<see cref="MirrorCacheDirectory"/>, or the per-user cache), one per catalog
    /// (<see cref="ParsedCatalogFolder"/>), shared by every project and build that checks against it.
    /// </summary>
    public bool ShareParsedCatalog { get; init; }

    /// <summary>
    /// Catalogs loaded earlier in the same build (the MSBuild task keeps them for the build); null
    /// loads the catalog on every run.
    /// </summary>
    public ICatalogLoadCache? LoadedCatalogs { get; init; }

    /// <summary>
    /// Checks computed earlier in the same build (the MSBuild task keeps them for the build): a run
    /// whose check inputs are identical to an earlier one's takes its answer instead of checking
    /// again. Null checks on every run.
    /// </summary>
    public ICheckResultCache? SharedChecks { get; init; }

    /// <summary>The project this run checks (for the build log of a later project that reuses its check); null for the command line.</summary>
    public string? Project { get; init; }

    /// <summary>
    /// Takes a <see cref="Catalog.CatalogSnapshot"/> of the catalog before loading it, into the
    /// result's dependencies, for an incremental build to replay against; off for one-off checks.
    /// </summary>
    public bool TrackCatalogChanges { get; init; }

    /// <summary>
    /// The project's NoWarn, WarningsAsErrors, WarningsNotAsErrors and TreatWarningsAsErrors: applied
    /// once, before any report is written, so every report shows each finding as the build logs it.
    /// </summary>
    public WarningPolicy WarningPolicy { get; init; } = WarningPolicy.None;

    /// <summary>
    /// Where the run saves what it found (diagnostics as logged, result items, reports, what it read),
    /// for an incremental build that skips the check to replay; null saves nothing. Implies
    /// <see cref="TrackCatalogChanges"/>.
    /// </summary>
    public string? ResultsFile { get; init; }
}
