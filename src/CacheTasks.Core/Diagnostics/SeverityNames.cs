namespace CacheTasks.Diagnostics;

/// <summary>The severity words users write: <c>error</c>, <c>warning</c>, <c>message</c>.</summary>
public static class SeverityNames
{
    /// <summary>The word for <paramref name="severity"/>, as <see cref="TryParse"/> reads it.</summary>
    public static string Of(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "message",
    };

    public static bool TryParse(string text, out DiagnosticSeverity severity)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "error":
                severity = DiagnosticSeverity.Error;
                return true;
            case "warning":
                severity = DiagnosticSeverity.Warning;
                return true;
            case "message":
                severity = DiagnosticSeverity.Message;
                return true;
            default:
                severity = DiagnosticSeverity.Warning;
                return false;
        }
    }
}
