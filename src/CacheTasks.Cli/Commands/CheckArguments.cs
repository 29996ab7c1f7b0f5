namespace CacheTasks.Cli.Commands;

/// <summary>What <c>cachetasks check</c> was given, as typed (lists already split at ';' and ',').</summary>
internal sealed record CheckArguments(
    IReadOnlyList<string> Specs,
    IReadOnlyList<string> Catalog,
    IReadOnlyList<string> Arches,
    string? Stack,
    IReadOnlyList<string> Environments,
    string? Threshold,
    string? MissingSeverity,
    string? ReportDirectory,
    IReadOnlyList<string> Formats)
{
    /// <summary>SpackUseLockFile: true or false.</summary>
    public string? UseLockFile { get; init; }

    /// <summary>SpackMicroarchitectures: an archspec-format microarchitectures.json.</summary>
    public string? Microarchitectures { get; init; }

    /// <summary>SpackOsCompatibility: exact or libc.</summary>
    public string? OsCompatibility { get; init; }

    /// <summary>SpackCatalogCacheDirectory.</summary>
    public string? CatalogCacheDirectory { get; init; }

    /// <summary>SpackCatalogRefresh: auto, always or never.</summary>
    public string? CatalogRefresh { get; init; }

    /// <summary>SpackCatalogMaxAge.</summary>
    public string? CatalogMaxAge { get; init; }

    /// <summary>SpackCoverageBaseline: an earlier coverage.json, a path or URL.</summary>
    public string? Baseline { get; init; }

    /// <summary>SpackFailOn: any or new.</summary>
    public string? FailOn { get; init; }

    /// <summary>SpackCatalogTimeout, in seconds.</summary>
    public string? CatalogTimeout { get; init; }

    /// <summary>SpackMirrorsConfig: a Spack mirrors.yaml with the mirrors' credentials.</summary>
    public string? MirrorsConfig { get; init; }

    /// <summary>SpackMirrorTokenVariable: the name of the variable holding a bearer token.</summary>
    public string? MirrorTokenVariable { get; init; }

    /// <summary>SpackMirrorUserVariable: the name of the variable holding a user.</summary>
    public string? MirrorUserVariable { get; init; }

    /// <summary>SpackMirrorPasswordVariable: the name of the variable holding a password.</summary>
    public string? MirrorPasswordVariable { get; init; }

    /// <summary>--parsed-cache-dir: a folder of this run's own for the parsed catalog; null keeps it in the per-user cache, as builds do.</summary>
    public string? ParsedCacheDirectory { get; init; }
}
