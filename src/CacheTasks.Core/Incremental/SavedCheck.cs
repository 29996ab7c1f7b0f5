using CacheTasks.Diagnostics;

namespace CacheTasks.Incremental;

/// <summary>
/// What a check produced, kept in obj/ so that a build that skips the check (nothing changed)
/// still shows the same diagnostics and returns the same result items. Diagnostics are saved as the
/// build logged them (NoWarn, WarningsAsErrors and the like applied): those properties are inputs
/// of the check, so a change to them checks again rather than replaying.
/// </summary>
public sealed record SavedCheck(
    IReadOnlyList<Diagnostic> Diagnostics,
    IReadOnlyList<SavedResult> Results,
    IReadOnlyList<string> ReportFiles,
    string? Summary)
{
    /// <summary>The shape of the file; a file of another version is not replayed.</summary>
    /// <remarks>5: the catalog snapshot is its own file, shared per catalog; the results name it (<see cref="SavedCatalogSnapshot"/>).</remarks>
    public const int FormatVersion = 5;

    /// <summary>What else the check read; a replay checks again when any of it changed.</summary>
    public CheckDependencies Dependencies { get; init; } = CheckDependencies.None;
}
