namespace CacheTasks.Diagnostics;

/// <summary>How a diagnostic reaches the build: as an error, a warning or a plain message.</summary>
public enum DiagnosticSeverity
{
    Message,
    Warning,
    Error,
}
