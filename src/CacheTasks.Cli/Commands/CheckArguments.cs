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
    IReadOnlyList<string> Formats);
