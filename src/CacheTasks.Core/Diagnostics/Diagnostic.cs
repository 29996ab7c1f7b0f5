namespace CacheTasks.Diagnostics;

/// <summary>
/// One coded finding. The engine never logs: it returns these, and the MSBuild task
/// (or any other host) decides how to show them.
/// </summary>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string Message, SourceLocation? Location = null)
{
    /// <summary>The page that explains this code and what to do about it.</summary>
    public string HelpLink => DiagnosticCodes.HelpLink(Code);

    /// <summary>The code's row in the table of codes; null only for a code CacheTasks does not have.</summary>
    public DiagnosticDescriptor? Descriptor => DiagnosticCodes.Find(Code);

    /// <summary>True for a warning the project silenced with NoWarn: it keeps its severity, and is logged only in detailed logs.</summary>
    public bool Suppressed { get; init; }

    public override string ToString()
    {
        var severity = Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "message",
        };
        return Location is null
            ? $"{severity} {Code}: {Message}"
            : $"{Location}: {severity} {Code}: {Message}";
    }
}
