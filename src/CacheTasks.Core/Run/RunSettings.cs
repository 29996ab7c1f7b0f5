using CacheTasks.Credentials;
using CacheTasks.Diagnostics;
using CacheTasks.Environments;
using CacheTasks.Mirrors;
using CacheTasks.Platform;
using CacheTasks.Reports;
using CacheTasks.Requirements;

namespace CacheTasks.Run;

/// <summary>
/// The run's inputs once <see cref="RunInputValidator"/> has judged them: every value parsed, an
/// invalid one already reported (CT3004) and replaced by its default.
/// </summary>
public sealed record RunSettings(
    IReadOnlyList<string> CatalogSources,
    IReadOnlyList<RequirementInput> Requirements,
    IReadOnlyList<EnvironmentInput> Environments,
    DiagnosticSeverity MissingSeverity,
    OsCompatibility OsCompatibility,
    MirrorOptions Mirrors,
    double? Threshold,
    IReadOnlyList<IReportWriter> ReportWriters,
    bool UseLockFile)
{
    /// <summary><c>SpackFailOn=new</c>: rows missing in the baseline too are warnings, whatever <see cref="MissingSeverity"/> says.</summary>
    public bool FailOnNewOnly { get; init; }

    /// <summary>Where each mirror's credentials come from (SpackMirrorsConfig, the environments' mirrors:, the SpackMirror*Variable properties).</summary>
    public CredentialSettings Credentials { get; init; } = CredentialSettings.None;
}
