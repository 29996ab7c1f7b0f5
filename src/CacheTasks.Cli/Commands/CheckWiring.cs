using CacheTasks.Coverage;
using CacheTasks.Environments;
using CacheTasks.Requirements;
using CacheTasks.Run;

namespace CacheTasks.Cli.Commands;

/// <summary>
/// The one place where <c>cachetasks check</c>'s options become the engine's
/// <see cref="CoverageRunOptions"/>, named as the MSBuild properties they stand for.
/// </summary>
internal static class CheckWiring
{
    public static CoverageRunOptions ToRunOptions(CheckArguments arguments)
    {
        return new CoverageRunOptions
        {
            CatalogSources = arguments.Catalog,
            Arches = arguments.Arches,
            Requirements = arguments.Specs.Select(spec => new RequirementInput(spec)).ToArray(),
            Stack = arguments.Stack,
            // A CI step without a threshold fails on any missing row; with one, the threshold decides.
            MissingSeverity = arguments.MissingSeverity ?? (arguments.Threshold is null ? "error" : "warning"),
            ReportDirectory = arguments.ReportDirectory,
            ReportFormats = arguments.Formats.Count > 0 ? arguments.Formats : new CoverageRunOptions().ReportFormats,
            Environments = arguments.Environments.Select(path => new EnvironmentInput(Path.GetFullPath(path))).ToArray(),
            UseLockFile = arguments.UseLockFile,
            MicroarchitecturesFile = arguments.Microarchitectures is null ? null : Path.GetFullPath(arguments.Microarchitectures),
            OsCompatibility = arguments.OsCompatibility,
            MirrorCacheDirectory = arguments.CatalogCacheDirectory is null ? null : Path.GetFullPath(arguments.CatalogCacheDirectory),
            MirrorRefresh = arguments.CatalogRefresh,
            MirrorMaxAge = arguments.CatalogMaxAge,
            MirrorTimeout = arguments.CatalogTimeout,
            MirrorsConfig = arguments.MirrorsConfig is null ? null : Path.GetFullPath(arguments.MirrorsConfig),
            MirrorTokenVariable = arguments.MirrorTokenVariable,
            MirrorUserVariable = arguments.MirrorUserVariable,
            MirrorPasswordVariable = arguments.MirrorPasswordVariable,
            CoverageThreshold = arguments.Threshold,
            // As a build does: the parsed catalog is kept per catalog in the per-user cache (or under
            // --catalog-cache-dir), so a CI job that checks twice, or after a build, parses it once.
            ParsedCatalogCacheDirectory = string.IsNullOrWhiteSpace(arguments.ParsedCacheDirectory) ? null : Path.GetFullPath(arguments.ParsedCacheDirectory!),
            ShareParsedCatalog = true,
            CoverageBaseline = arguments.Baseline is null || arguments.Baseline.Contains("://") ? arguments.Baseline : Path.GetFullPath(arguments.Baseline),
            FailOn = arguments.FailOn,
        };
    }
}
