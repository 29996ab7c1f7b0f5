using CacheTasks.Diagnostics;

namespace CacheTasks.Cli;

/// <summary>
/// What a CI step sees: 0 when the check passes, 1 when the coverage gate fails (an error whose
/// code's <see cref="ExitClass"/> is <see cref="ExitClass.Gate"/>: missing rows at error severity,
/// below the threshold), 2 when the step itself is wrong (usage errors, and every error of class
/// <see cref="ExitClass.Setup"/>: bad input, an unreadable catalog, a report not written, a fault),
/// so a pipeline can tell "the cache lacks binaries" from "the step is wrong". The class comes from
/// the code's row in <see cref="DiagnosticCodes.All"/>, never from its number.
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int GateFailed = 1;
    public const int BadInput = 2;

    /// <summary>Interrupted (Ctrl+C, a cancelled job), as shells report SIGINT.</summary>
    public const int Cancelled = 130;

    public static int For(IEnumerable<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Any(d => (DiagnosticCodes.Find(d.Code)?.ExitClass ?? ExitClass.Setup) == ExitClass.Setup))
        {
            return BadInput;
        }

        return errors.Count > 0 ? GateFailed : Success;
    }
}
