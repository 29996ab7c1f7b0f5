using CacheTasks.Diagnostics;
using CacheTasks.Platform;

namespace CacheTasks.Coverage;

/// <summary>What a check applies to every requirement that does not say otherwise.</summary>
public sealed record CoverageOptions(
    IReadOnlyList<SpackArch> Arches,
    MicroarchitectureTable Microarchitectures,
    string? Stack = null,
    DiagnosticSeverity MissingSeverity = DiagnosticSeverity.Warning,
    OsCompatibility OsCompatibility = OsCompatibility.Exact);
