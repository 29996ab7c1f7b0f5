using CacheTasks.Catalog;
using CacheTasks.Diagnostics;
using CacheTasks.Platform;

namespace CacheTasks.Coverage;

/// <summary>
/// Checks every requirement against every arch it applies to. A row is covered when at least one
/// catalog binary satisfies the requirement on that arch. Each requirement whose package is not in
/// the catalog is one CT1002; each missing (requirement, arch) row of a known package is one CT1001.
/// </summary>
public static class CoverageChecker
{
    public static CoverageResult Check(SpackCatalog catalog, IReadOnlyList<Requirement> requirements, CoverageOptions options, CancellationToken cancellationToken = default)
    {
        var matcher = new SpecMatcher(options.Microarchitectures, options.OsCompatibility);
        var rows = new List<CoverageRow>();
        var diagnostics = new List<Diagnostic>();
        foreach (var requirement in requirements)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var arches = requirement.Arches ?? options.Arches;
            var stack = requirement.Stack ?? options.Stack;
            var severity = requirement.Severity ?? options.MissingSeverity;
            var candidates = catalog.SpecsFor(requirement.Name);
            if (candidates.Count == 0)
            {
                var suggestions = ClosestNames.Find(requirement.Name, catalog.PackageNames);
                var didYouMean = suggestions.Count == 0 ? string.Empty : string.Format(Messages.DidYouMean, string.Join(", ", suggestions));
                var hint = string.Format(Messages.HintNotInCatalog, requirement.Name)
                    + (suggestions.Count == 0 ? string.Empty : string.Format(Messages.HintDidYouMean, string.Join(", ", suggestions)));
                diagnostics.Add(new Diagnostic(
                    DiagnosticCodes.PackageNotInCatalog,
                    severity,
                    string.Format(Messages.PackageNotInCatalog, requirement.Text, requirement.Name, catalog.PackageCount, didYouMean),
                    requirement.Location));
                rows.AddRange(arches.Select(arch => new CoverageRow(requirement, arch, stack, CoverageStatus.Missing, [], hint, PackageInCatalog: false, Severity: severity)));
                continue;
            }

            foreach (var arch in arches)
            {
                var matches = candidates.Where(spec => matcher.Check(requirement, arch, stack, spec) == Mismatch.None).ToList();
                if (matches.Count > 0)
                {
                    rows.Add(new CoverageRow(requirement, arch, stack, CoverageStatus.Covered, matches, null));
                    continue;
                }

                var (hint, reason) = MissingHint.Explain(requirement, arch, stack, candidates, matcher);
                hint += LibcHint.For(requirement, arch, stack, candidates, matcher);
                diagnostics.Add(new Diagnostic(
                    DiagnosticCodes.MissingForArch,
                    severity,
                    string.Format(Messages.MissingForArch, requirement.Text, arch, hint),
                    requirement.Location));
                rows.Add(new CoverageRow(requirement, arch, stack, CoverageStatus.Missing, [], hint, RuledOutBy: reason, Severity: severity));
            }
        }

        return new CoverageResult(rows, diagnostics);
    }
}
