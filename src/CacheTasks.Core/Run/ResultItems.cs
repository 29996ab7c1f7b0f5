using CacheTasks.Coverage;
using CacheTasks.Incremental;

namespace CacheTasks.Run;

/// <summary>
/// The <c>SpackCoverageResult</c> items a check returns to MSBuild: one per row, the requirement's
/// text as the item, and the metadata SPEC.md documents.
/// </summary>
public static class ResultItems
{
    public static SavedResult Of(CoverageRow row)
    {
        var best = row.BestMatch;
        return new SavedResult(row.Requirement.Text, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Arch"] = row.Arch.ToString(),
            ["Status"] = CoverageStatusNames.Of(row.Status),
            ["MatchedHash"] = best?.Hash ?? string.Empty,
            ["MatchedVersion"] = best?.VersionText ?? string.Empty,
            ["Stack"] = row.Stack ?? string.Empty,
            ["Hint"] = row.Hint ?? string.Empty,
        });
    }
}
