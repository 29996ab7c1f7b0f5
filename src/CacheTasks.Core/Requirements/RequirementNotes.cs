using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Specs;

namespace CacheTasks.Requirements;

/// <summary>
/// What a requirement says that the check reads differently from what the user may mean, once
/// per distinct requirement text (a stack repeats a text across arches and matrices; the build log
/// should not): CT3006 when variants or arch follow <c>%compiler</c> (Spack ≥ 1.0 gives them to the
/// compiler, older Spack to the package). CT3005, the clauses a match could not verify, depends on
/// the binaries and comes from the checker.
/// </summary>
public static class RequirementNotes
{
    public static void Add(IEnumerable<Requirement> requirements, ICollection<Diagnostic> diagnostics)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var requirement in requirements)
        {
            if (!seen.Add(requirement.Text))
            {
                continue;
            }

            var spec = requirement.Spec;
            if (spec.LegacyReading is { } legacy && spec.Compiler is { } compiler)
            {
                diagnostics.Add(new Diagnostic(
                    DiagnosticCodes.ConstraintsAfterCompiler,
                    DiagnosticSeverity.Warning,
                    string.Format(Messages.ConstraintsAfterCompiler, requirement.Text, compiler.Text, compiler.NodeConstraintsText, legacy),
                    requirement.Location));
            }
        }
    }
}
