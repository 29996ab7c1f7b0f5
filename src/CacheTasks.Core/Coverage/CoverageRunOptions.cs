using CacheTasks.Platform;

namespace CacheTasks.Coverage;

/// <summary>
/// Everything a coverage check is given, as the user wrote it (property values and items).
/// The MSBuild task and the command line both fill this in and hand it to <see cref="CoverageRun"/>.
/// </summary>
public sealed record CoverageRunOptions
{
    public IReadOnlyList<string> CatalogSources { get; init; } = [];

    /// <summary>Arch entries; empty means <c>host</c>.</summary>
    public IReadOnlyList<string> Arches { get; init; } = [];

    public IReadOnlyList<RequirementInput> Requirements { get; init; } = [];

    public string? Stack { get; init; }

    /// <summary><c>error</c>, <c>warning</c> (default) or <c>message</c>.</summary>
    public string? MissingSeverity { get; init; }

    /// <summary>Where reports go; null writes none.</summary>
    public string? ReportDirectory { get; init; }

    public IReadOnlyList<string> ReportFormats { get; init; } = ["json", "md"];

    /// <summary>The machine to detect as <c>host</c>; null means this machine.</summary>
    public HostFacts? HostFacts { get; init; }

    /// <summary>The microarchitecture table; null means the embedded one.</summary>
    public MicroarchitectureTable? Microarchitectures { get; init; }

    /// <summary>Where the parsed catalog is kept between builds (under obj/); null keeps none.</summary>
    public string? CatalogCacheDirectory { get; init; }
}
