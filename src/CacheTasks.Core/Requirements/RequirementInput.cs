using CacheTasks.Coverage;
using CacheTasks.Diagnostics;

namespace CacheTasks.Requirements;

/// <summary>
/// A requirement as declared, before parsing: the spec text and the item's metadata, all as
/// the user wrote them (empty strings mean "not given").
/// </summary>
public sealed record RequirementInput(
    string Text,
    string? Stack = null,
    string? Severity = null,
    string? Version = null,
    string? Arch = null,
    SourceLocation? Location = null)
{
    /// <summary>
    /// When the text was joined from pieces written in different places, where each piece is, so
    /// a parse error points at the piece it is in; null when <see cref="Location"/> is where the whole text starts.
    /// </summary>
    public IReadOnlyList<RequirementTextPart>? Parts { get; init; }

    /// <summary>
    /// True when the run's input validator found its metadata invalid (CT3004): it is still read,
    /// so its other problems are reported too, but it is not checked.
    /// </summary>
    public bool Rejected { get; init; }

    /// <summary>For a <c>spack.lock</c> root: the link/run closure the lock pinned (see <see cref="Requirement.LockedDependencies"/>).</summary>
    public IReadOnlyList<LockedDependency> LockedDependencies { get; init; } = [];
}
