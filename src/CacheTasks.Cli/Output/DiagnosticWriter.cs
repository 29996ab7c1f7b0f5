using CacheTasks.Diagnostics;

namespace CacheTasks.Cli.Output;

/// <summary>
/// Prints diagnostics in MSBuild's canonical form, <c>file(line,col): warning CT1001: message</c>,
/// so CI log parsers (GitHub Actions and GitLab problem matchers, IDEs) read them as they read a
/// build's. A diagnostic without a file of its own names the tool as its origin, as MSBuild names itself.
/// </summary>
internal static class DiagnosticWriter
{
    public static string Format(Diagnostic diagnostic)
    {
        var severity = diagnostic.Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "message",
        };
        var origin = diagnostic.Location?.ToString() ?? CliApp.ToolName;
        return $"{origin}: {severity} {diagnostic.Code}: {diagnostic.Message}";
    }

    public static void Write(TextWriter error, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            error.WriteLine(Format(diagnostic));
        }
    }
}
