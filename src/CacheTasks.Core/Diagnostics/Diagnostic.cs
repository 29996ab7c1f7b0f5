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

    /// <summary>The requirement's text, for a finding about one requirement (CT1001, CT1002, CT3005); null otherwise.</summary>
    public string? Requirement { get; init; }

    /// <summary>The arch, for a finding about one (requirement, arch) row (CT1001); null otherwise.</summary>
    public string? Arch { get; init; }

    /// <summary>
    /// What identifies this finding from one run to the next, whatever its wording or the machine:
    /// the code, the requirement and arch it is about, and the name of the file it comes from (for a
    /// finding about no requirement, also its line and column). SARIF's partialFingerprints and the
    /// baseline comparison both use it.
    /// </summary>
    public string Fingerprint
    {
        get
        {
            var source = Location is null ? string.Empty : Path.GetFileName(Location.File);
            var position = Requirement is null && Location is { Line: > 0 } at ? $"({at.Line},{at.Column})" : string.Empty;
            return $"{Code}|{Requirement}|{Arch}|{source}{position}";
        }
    }

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
