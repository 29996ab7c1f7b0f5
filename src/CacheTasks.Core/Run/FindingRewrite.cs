using CacheTasks.Coverage;
using CacheTasks.Diagnostics;

namespace CacheTasks.Run;

/// <summary>
/// Changes findings (the warning policy, <c>SpackFailOn=new</c>) and keeps every missing row pointing
/// at its finding as changed, so a row and the log can never disagree.
/// </summary>
internal static class FindingRewrite
{
    public static (List<Diagnostic> Findings, IReadOnlyList<CoverageRow> Rows) Apply(IReadOnlyList<Diagnostic> findings, IReadOnlyList<CoverageRow> rows, Func<Diagnostic, Diagnostic> change)
    {
        var changed = new Dictionary<Diagnostic, Diagnostic>();
        var result = new List<Diagnostic>(findings.Count);
        foreach (var finding in findings)
        {
            if (!changed.TryGetValue(finding, out var now))
            {
                changed[finding] = now = change(finding);
            }

            result.Add(now);
        }

        var newRows = rows.Select(r => r.Finding is { } f && changed.TryGetValue(f, out var now) && !ReferenceEquals(now, f) ? r with { Finding = now } : r).ToList();
        return (result, newRows);
    }
}
