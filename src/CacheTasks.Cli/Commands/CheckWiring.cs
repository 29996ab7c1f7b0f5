using CacheTasks.Coverage;

namespace CacheTasks.Cli.Commands;

/// <summary>
/// The one place where <c>cachetasks check</c>'s options become the engine's
/// <see cref="CoverageRunOptions"/>, named as the MSBuild properties they stand for. An option the
/// engine has no place for yet is returned as unsupported, and the command refuses to run rather
/// than ignore it.
/// </summary>
internal static class CheckWiring
{
    public const string EnvOption = "--env";
    public const string ThresholdOption = "--threshold";

    public static CoverageRunOptions ToRunOptions(CheckArguments arguments, out IReadOnlyList<string> unsupported)
    {
        var notWired = new List<string>();

        // SpackEnvironment: CoverageRunOptions has no environment files yet.
        if (arguments.Environments.Count > 0)
        {
            notWired.Add(EnvOption);
        }

        // SpackCoverageThreshold: CoverageRunOptions has no threshold yet.
        if (arguments.Threshold is not null)
        {
            notWired.Add(ThresholdOption);
        }

        unsupported = notWired;
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
        };
    }
}
