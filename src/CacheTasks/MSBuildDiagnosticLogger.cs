using CacheTasks.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CacheTasks;

/// <summary>
/// The one place that turns Core's diagnostics into MSBuild log entries, with code, help link,
/// file, line and column, so that IDE navigation works, and with the project's NoWarn,
/// WarningsAsErrors, WarningsNotAsErrors and TreatWarningsAsErrors applied (<see cref="WarningPolicy"/>).
/// </summary>
internal sealed class MSBuildDiagnosticLogger(TaskLoggingHelper log, string? defaultFile, WarningPolicy? policy = null)
{
    private readonly WarningPolicy _policy = policy ?? WarningPolicy.None;

    public void Log(Diagnostic diagnostic)
    {
        var file = diagnostic.Location?.File ?? defaultFile ?? string.Empty;
        var line = diagnostic.Location?.Line ?? 0;
        var column = diagnostic.Location?.Column ?? 0;
        switch (_policy.SeverityOf(diagnostic))
        {
            case DiagnosticSeverity.Error:
                log.LogError(null, diagnostic.Code, diagnostic.Code, diagnostic.HelpLink, file, line, column, 0, 0, "{0}", diagnostic.Message);
                break;
            case DiagnosticSeverity.Warning:
                log.LogWarning(null, diagnostic.Code, diagnostic.Code, diagnostic.HelpLink, file, line, column, 0, 0, "{0}", diagnostic.Message);
                break;
            default:
                // A warning silenced by NoWarn stays in detailed logs, as MSBuild keeps its own; a message the user asked for is shown.
                var importance = _policy.IsSuppressed(diagnostic) ? MessageImportance.Low : MessageImportance.High;
                log.LogMessage(null, diagnostic.Code, diagnostic.Code, file, line, column, 0, 0, importance, "{0}", diagnostic.Message);
                break;
        }
    }

    public void Log(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            Log(diagnostic);
        }
    }
}
