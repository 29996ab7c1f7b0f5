using CacheTasks.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CacheTasks;

/// <summary>
/// The one place that turns Core's diagnostics into MSBuild log entries, with code, help link,
/// file, line and column, so that IDE navigation works. The engine has already applied the
/// project's NoWarn, WarningsAsErrors and the like (<see cref="WarningPolicy"/>): each diagnostic
/// is logged with the severity it carries.
/// </summary>
internal sealed class MSBuildDiagnosticLogger(TaskLoggingHelper log, string? defaultFile)
{
    public void Log(Diagnostic diagnostic)
    {
        var file = diagnostic.Location?.File ?? defaultFile ?? string.Empty;
        var line = diagnostic.Location?.Line ?? 0;
        var column = diagnostic.Location?.Column ?? 0;
        if (diagnostic.Suppressed)
        {
            // A warning silenced by NoWarn stays in detailed logs, as MSBuild keeps its own.
            log.LogMessage(null, diagnostic.Code, diagnostic.Code, file, line, column, 0, 0, MessageImportance.Low, "{0}", diagnostic.Message);
            return;
        }

        switch (diagnostic.Severity)
        {
            case DiagnosticSeverity.Error:
                log.LogError(null, diagnostic.Code, diagnostic.Code, diagnostic.HelpLink, file, line, column, 0, 0, "{0}", diagnostic.Message);
                break;
            case DiagnosticSeverity.Warning:
                log.LogWarning(null, diagnostic.Code, diagnostic.Code, diagnostic.HelpLink, file, line, column, 0, 0, "{0}", diagnostic.Message);
                break;
            default:
                log.LogMessage(null, diagnostic.Code, diagnostic.Code, file, line, column, 0, 0, MessageImportance.High, "{0}", diagnostic.Message);
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
