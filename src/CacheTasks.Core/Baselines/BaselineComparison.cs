using CacheTasks.Coverage;
using CacheTasks.Diagnostics;

namespace CacheTasks.Baselines;

/// <summary>
/// What changed since the baseline: the count of rows in each <see cref="BaselineState"/>, the
/// baseline's rows this check no longer has (<see cref="Removed"/>), and the baseline's findings
/// that are gone (<see cref="Absent"/>: SARIF reports them with <c>baselineState: absent</c>, so
/// code scanning closes their alerts). <see cref="Known"/> holds the fingerprints of findings the
/// baseline had too, <see cref="Updated"/> those of them whose details changed (a missing row's
/// hint, another finding's message).
/// </summary>
public sealed record BaselineComparison(
    string Source,
    IReadOnlyDictionary<BaselineState, int> Counts,
    int Removed,
    IReadOnlyList<Diagnostic> Absent,
    IReadOnlyCollection<string> Known,
    IReadOnlyCollection<string> Updated)
{
    public int Count(BaselineState state) => Counts.TryGetValue(state, out var count) ? count : 0;

    /// <summary>Rows missing now that were not missing in the baseline (newly missing, and added without a binary).</summary>
    public int NewlyMissing => Count(BaselineState.NewMissing) + Count(BaselineState.Added);
}
