using CacheTasks.Diagnostics;
using CacheTasks.Platform;
using CacheTasks.Specs;
using NuGetVersionRange = NuGet.Versioning.VersionRange;

namespace CacheTasks.Coverage;

/// <summary>
/// A spec the project requires, with what its item says besides the spec: the stack to look in,
/// the severity when it is missing, a NuGet version range, arches of its own, and where it was declared.
/// </summary>
public sealed record Requirement(
    string Text,
    SpecConstraint Spec,
    string? Stack = null,
    DiagnosticSeverity? Severity = null,
    IReadOnlyList<SpackArch>? Arches = null,
    NuGetVersionRange? NuGetVersions = null,
    SourceLocation? Location = null)
{
    public string Name => Spec.Name;

    /// <summary>
    /// For a <c>spack.lock</c> root: the nodes its binary needs installed with it (its link/run
    /// closure), each of which must be in the catalog by its exact hash; empty otherwise.
    /// </summary>
    public IReadOnlyList<LockedDependency> LockedDependencies { get; init; } = [];
}
