using CacheTasks.Diagnostics;

namespace CacheTasks.Cli;

/// <summary>
/// What a CI step sees: 0 when the check passes, 1 when the coverage gate fails (missing rows at
/// error severity, or below the threshold: CT1xxx errors), 2 for bad input of any kind (usage
/// errors, CT2xxx and CT3xxx errors), so a pipeline can tell "the cache lacks binaries" from "the step is wrong".
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
        if (errors.Any(d => !d.Code.StartsWith("CT1", StringComparison.Ordinal)))
        {
            return BadInput;
        }

        return errors.Count > 0 ? GateFailed : Success;
    }
}
