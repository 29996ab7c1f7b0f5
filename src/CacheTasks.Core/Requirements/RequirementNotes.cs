using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Specs;

namespace CacheTasks.Requirements;

/// <summary>
/// What a requirement says that the check reads differently from what the user may mean, once
/// per distinct requirement text (a stack repeats a text across arches and matrices; the build log
/// should not): CT3006 when variants or arch follow a <c>%compiler</c>, of the root or of any
/// dependency (Spack ≥ 1.0 gives them to the compiler, older Spack to the package). CT3005, the
/// clauses a match could not verify, depends on the binaries and comes from the checker.
/// </summary>
public static class RequirementNotes
{
    // A longer requirement, or more than one changed clause, gets a short form: a real spec with
    // 30 such clauses is kilobytes long, and its rewrite belongs on the code's page, not in the log.
    internal const int LongRequirement = 120;
    internal const int ShownText = 40;
    internal const int ShownPackages = 3;

    public static void Add(IEnumerable<Requirement> requirements, ICollection<Diagnostic> diagnostics)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var requirement in requirements)
        {
            if (!seen.Add(requirement.Text) || requirement.Spec.LegacyClauses.Count == 0)
            {
                continue;
            }

            diagnostics.Add(new Diagnostic(DiagnosticCodes.ConstraintsAfterCompiler, DiagnosticSeverity.Warning, Message(requirement.Text, requirement.Spec), requirement.Location));
        }
    }

    internal static string Message(string text, SpecConstraint spec)
    {
        var clauses = spec.LegacyClauses;
        var shownText = text.Length <= ShownText ? text : text.Substring(0, ShownText).TrimEnd() + "…";
        if (clauses.Count == 1)
        {
            var clause = clauses[0];
            var package = clause.Package.Length > 0 ? clause.Package : Messages.ConstraintsAfterCompilerAnonymous;
            // A long requirement with one changed clause (a real spec with compiler flags after
            // %oneapi) names that clause without repeating the spec or its rewrite.
            return text.Length <= LongRequirement
                ? string.Format(Messages.ConstraintsAfterCompiler, text, clause.Compiler, clause.Constraints, spec.LegacyReading, package)
                : string.Format(Messages.ConstraintsAfterCompilerLong, shownText, clause.Compiler, package);
        }

        var packages = clauses.Select(c => c.Package).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var shownPackages = string.Join(", ", packages.Take(ShownPackages)) + (packages.Count > ShownPackages ? ", …" : string.Empty);
        return string.Format(Messages.ConstraintsAfterCompilerMany, shownText, clauses.Count, shownPackages);
    }
}
