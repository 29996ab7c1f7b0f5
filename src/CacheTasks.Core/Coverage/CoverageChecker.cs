using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Diagnostics;
using CacheTasks.Platform;

namespace CacheTasks.Coverage;

/// <summary>
/// Checks every requirement against every arch it applies to. A row is covered when at least one
/// catalog binary satisfies the requirement on that arch. Each requirement whose package is not in
/// the catalog is one CT1002; each missing (requirement, arch) row of a known package is one CT1001.
/// Each binary's build (version, variants, compiler) is judged once per requirement and its arch
/// once per row; the hint for a missing row is made from those verdicts. A <c>spack.lock</c> root
/// also needs every node of its locked link/run closure in the catalog by exact hash.
/// </summary>
public static class CoverageChecker
{
    public static CoverageResult Check(SpackCatalog catalog, IReadOnlyList<Requirement> requirements, CoverageOptions options, CancellationToken cancellationToken = default)
    {
        var matcher = new SpecMatcher(options.Microarchitectures, options.OsCompatibility);
        var rows = new List<CoverageRow>();
        var diagnostics = new List<Diagnostic>();
        var noted = new HashSet<string>(StringComparer.Ordinal);
        var hashesByName = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
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
                // One finding for the requirement, whatever its arches: every row of it points at the same one.
                var finding = new Diagnostic(
                    CoverageRow.MissingCode(packageInCatalog: false),
                    severity,
                    string.Format(Messages.PackageNotInCatalog, requirement.Text, requirement.Name, catalog.PackageCount, didYouMean),
                    requirement.Location) { Requirement = requirement.Text };
                diagnostics.Add(finding);
                rows.AddRange(arches.Select(arch => new CoverageRow(requirement, arch, stack, CoverageStatus.Missing, [], hint, PackageInCatalog: false) { Finding = finding }));
                continue;
            }

            var inStack = stack is null ? candidates : candidates.Where(c => SpecMatcher.InStack(c, stack)).ToList();
            var lockedAbsent = AbsentLockedDependencies(catalog, requirement, hashesByName);
            var memo = new DependencyMemo();
            var builds = inStack.Select(c => matcher.CheckBuild(requirement, c, memo)).ToArray();
            var unverifiedClauses = new List<string>();
            foreach (var arch in arches)
            {
                var verdicts = new CandidateVerdict[inStack.Count];
                var matches = new List<CatalogSpec>();
                Dictionary<CatalogSpec, IReadOnlyList<string>>? unverified = null;
                for (var i = 0; i < verdicts.Length; i++)
                {
                    // The arch only matters for binaries whose build fits, unless the row turns out missing.
                    var archMismatch = matcher.CheckArch(requirement.Spec, arch, inStack[i]);
                    verdicts[i] = new CandidateVerdict(inStack[i], builds[i], archMismatch);
                    if (verdicts[i].Matches)
                    {
                        matches.Add(inStack[i]);
                        if (builds[i].Unverified.Count > 0)
                        {
                            (unverified ??= new(SpecIdentityComparer.Instance))[inStack[i]] = builds[i].Unverified;
                        }
                    }
                }

                if (matches.Count > 0 && lockedAbsent.Count > 0)
                {
                    // The locked root's own binary is there, but installing it needs nodes the catalog lacks.
                    var lockedHint = string.Format(Messages.HintLockedDependenciesAbsent, requirement.Name, arch, Counted(lockedAbsent, requirement, catalog, arch, matcher));
                    rows.Add(MissingRow(requirement, arch, stack, severity, lockedHint, Mismatch.Dependency, lockedAbsent, diagnostics));
                    continue;
                }

                if (matches.Count > 0)
                {
                    var covered = new CoverageRow(requirement, arch, stack, CoverageStatus.Covered, matches, null) { UnverifiedByMatch = unverified };
                    unverifiedClauses.AddRange(covered.Unverified.Except(unverifiedClauses));
                    rows.Add(covered);
                    continue;
                }

                var (hint, reason) = MissingHint.Explain(requirement, arch, stack, candidates, verdicts, matcher);
                hint += LibcHint.For(requirement, arch, verdicts, matcher);
                if (lockedAbsent.Count > 0)
                {
                    hint += string.Format(Messages.HintLockedDependenciesAbsentToo, Counted(lockedAbsent, requirement, catalog, arch, matcher));
                }

                rows.Add(MissingRow(requirement, arch, stack, severity, hint, reason, lockedAbsent, diagnostics));
            }

            NoteUnverified(requirement, unverifiedClauses, noted, diagnostics);
        }

        return new CoverageResult(rows, diagnostics);
    }

    private static CoverageRow MissingRow(Requirement requirement, SpackArch arch, string? stack, DiagnosticSeverity severity, string hint, Mismatch reason, IReadOnlyList<LockedDependency> lockedAbsent, List<Diagnostic> diagnostics)
    {
        var finding = new Diagnostic(
            CoverageRow.MissingCode(packageInCatalog: true),
            severity,
            string.Format(Messages.MissingForArch, requirement.Text, arch, hint),
            requirement.Location) { Requirement = requirement.Text, Arch = arch.ToString() };
        diagnostics.Add(finding);
        return new CoverageRow(requirement, arch, stack, CoverageStatus.Missing, [], hint, RuledOutBy: reason) { AbsentLockedDependencies = lockedAbsent, Finding = finding };
    }

    /// <summary>
    /// The nodes a <c>spack.lock</c> root needs that no binary of the catalog has by exact hash;
    /// they are the same on every arch, because a hash pins the node's own arch.
    /// </summary>
    /// <remarks>The roots of one lock share most of their closure: each package's hashes are gathered once.</remarks>
    private static IReadOnlyList<LockedDependency> AbsentLockedDependencies(SpackCatalog catalog, Requirement requirement, Dictionary<string, HashSet<string>> hashesByName)
    {
        if (requirement.LockedDependencies.Count == 0)
        {
            return [];
        }

        return requirement.LockedDependencies.Where(d =>
        {
            if (!hashesByName.TryGetValue(d.Name, out var hashes))
            {
                hashesByName[d.Name] = hashes = new HashSet<string>(catalog.SpecsFor(d.Name).Select(s => s.Hash).OfType<string>(), StringComparer.Ordinal);
            }

            return !hashes.Contains(d.Hash);
        }).ToList();
    }

    /// <summary>
    /// "2 of its 14 locked dependencies, which no catalog binary has by exact hash: zlib/… (the
    /// catalog has zlib for this arch under another hash: version 1.3.1, not 1.3), …", naming and
    /// explaining the first few (<see cref="LockedDependencyHint"/>); coverage.json names them all.
    /// </summary>
    private static string Counted(IReadOnlyList<LockedDependency> absent, Requirement requirement, SpackCatalog catalog, SpackArch arch, SpecMatcher matcher)
    {
        const int mostNamed = 5;
        var named = string.Join(", ", absent.Take(mostNamed).Select(d => LockedDependencyHint.Explain(d, catalog, arch, matcher)));
        return string.Format(Messages.LockedDependenciesCounted, absent.Count, requirement.LockedDependencies.Count, absent.Count > mostNamed ? string.Format(Messages.LockedDependenciesMore, named, absent.Count - mostNamed) : named);
    }

    /// <summary>
    /// CT3005 (a message), once per requirement text: the clauses the rows' matches could not
    /// verify (a cache page has no dependency graph; a virtual's own version is in no catalog).
    /// </summary>
    private static void NoteUnverified(Requirement requirement, IReadOnlyList<string> clauses, HashSet<string> noted, List<Diagnostic> diagnostics)
    {
        if (clauses.Count == 0 || !noted.Add(requirement.Text))
        {
            return;
        }

        diagnostics.Add(new Diagnostic(
            DiagnosticCodes.DependenciesNotChecked,
            DiagnosticSeverity.Message,
            string.Format(Messages.DependenciesNotChecked, requirement.Text, string.Join(", ", clauses.Select(c => string.Format(Messages.DependenciesNotCheckedClause, c))), requirement.Name),
            requirement.Location) { Requirement = requirement.Text });
    }
}
