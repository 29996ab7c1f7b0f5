using CacheTasks.Coverage;
using CacheTasks.Diagnostics;

namespace CacheTasks.Baselines;

/// <summary>
/// Compares a check's rows and findings with a baseline's. Rows are the same row when their
/// requirement text and arch are equal; findings when their <see cref="Diagnostic.Fingerprint"/> is.
/// </summary>
public static class BaselineComparer
{
    public static (IReadOnlyList<CoverageRow> Rows, BaselineComparison Comparison) Compare(Baseline baseline, IReadOnlyList<CoverageRow> rows, IReadOnlyList<Diagnostic> findings)
    {
        var before = new Dictionary<(string, string), BaselineRow>();
        foreach (var row in baseline.Rows)
        {
            before[(row.Requirement, row.Arch)] = row;
        }

        var seen = new HashSet<(string, string)>();
        var updated = new HashSet<string>(StringComparer.Ordinal);
        var counts = BaselineStateNames.All.ToDictionary(s => s, _ => 0);
        var compared = new List<CoverageRow>(rows.Count);
        foreach (var row in rows)
        {
            var key = (row.Requirement.Text, row.Arch.ToString());
            seen.Add(key);
            var state = State(row.Status == CoverageStatus.Missing, before.TryGetValue(key, out var old) ? old : null);
            counts[state]++;
            compared.Add(row with { Baseline = state });
            if (state == BaselineState.StillMissing && row.Finding is { } finding && !string.Equals(old!.Hint, row.Hint, StringComparison.Ordinal))
            {
                updated.Add(finding.Fingerprint);
            }
        }

        var removed = baseline.Rows.Count(r => !seen.Contains((r.Requirement, r.Arch)));
        var current = new HashSet<string>(findings.Select(f => f.Fingerprint), StringComparer.Ordinal);
        var absent = new List<Diagnostic>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        // A missing row's finding changes its wording with SpackFailOn and the like: rows compare by their hint, other findings by their message.
        var ofRows = new HashSet<string>(rows.Where(r => r.Finding is not null).Select(r => r.Finding!.Fingerprint), StringComparer.Ordinal);
        var messages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var finding in findings)
        {
            messages[finding.Fingerprint] = finding.Message;
        }
        if (baseline.Findings.Count == 0)
        {
            // A coverage.json without findings has only its rows: each missing row that is not missing now is gone.
            var missingNow = new HashSet<(string, string)>(compared.Where(r => r.Status == CoverageStatus.Missing).Select(r => (r.Requirement.Text, r.Arch.ToString())));
            absent.AddRange(baseline.Rows.Where(r => r.Missing && !missingNow.Contains((r.Requirement, r.Arch))).Select(r => new Diagnostic(r.Code ?? DiagnosticCodes.MissingForArch, DiagnosticSeverity.Warning, r.Hint ?? string.Empty)
            {
                Requirement = r.Requirement,
                Arch = r.Arch,
            }));
        }

        var gone = new HashSet<string>(StringComparer.Ordinal);
        foreach (var finding in baseline.Findings)
        {
            if (current.Contains(finding.Fingerprint))
            {
                known.Add(finding.Fingerprint);
                if (!ofRows.Contains(finding.Fingerprint) && messages[finding.Fingerprint] != finding.Message)
                {
                    updated.Add(finding.Fingerprint);
                }
            }
            else if (gone.Add(finding.Fingerprint))
            {
                absent.Add(finding);
            }
        }

        if (baseline.Findings.Count == 0)
        {
            // Without the baseline's findings, a still-missing row's finding is the one thing known to be old.
            known.UnionWith(compared.Where(r => r.Baseline == BaselineState.StillMissing && r.Finding is not null).Select(r => r.Finding!.Fingerprint));
        }

        return (compared, new BaselineComparison(baseline.Source, counts, removed, absent, known, updated));
    }

    private static BaselineState State(bool missing, BaselineRow? before) => (missing, before?.Missing) switch
    {
        (true, true) => BaselineState.StillMissing,
        (true, false) => BaselineState.NewMissing,
        (true, null) => BaselineState.Added,
        (false, true) => BaselineState.Fixed,
        (false, false) => BaselineState.UnchangedCovered,
        _ => BaselineState.NewCovered,
    };
}
