namespace CacheTasks.Diagnostics;

/// <summary>
/// The project's <c>NoWarn</c>, <c>WarningsAsErrors</c>, <c>WarningsNotAsErrors</c> and
/// <c>TreatWarningsAsErrors</c>, applied to CT warnings exactly as the C# compiler applies them to
/// its own: NoWarn silences a warning (whatever else is set), WarningsAsErrors makes it an error,
/// TreatWarningsAsErrors makes every warning an error except those in WarningsNotAsErrors.
/// Errors and messages are never changed. NuGet treats its NU warnings the same way; the SDK only
/// maps some of these properties to MSBuild's own warning handling, so CacheTasks applies them itself.
/// </summary>
public sealed class WarningPolicy
{
    private static readonly char[] Separators = [';', ',', ' ', '\t', '\r', '\n'];

    private readonly HashSet<string> _noWarn;
    private readonly HashSet<string> _asErrors;
    private readonly HashSet<string> _notAsErrors;

    public WarningPolicy(string? noWarn = null, string? warningsAsErrors = null, string? warningsNotAsErrors = null, bool treatWarningsAsErrors = false)
    {
        _noWarn = Codes(noWarn);
        _asErrors = Codes(warningsAsErrors);
        _notAsErrors = Codes(warningsNotAsErrors);
        TreatWarningsAsErrors = treatWarningsAsErrors;
    }

    public static WarningPolicy None { get; } = new();

    public bool TreatWarningsAsErrors { get; }

    /// <summary>True when the diagnostic is a warning the project silenced with NoWarn.</summary>
    public bool IsSuppressed(Diagnostic diagnostic) =>
        diagnostic.Severity == DiagnosticSeverity.Warning && _noWarn.Contains(diagnostic.Code);

    /// <summary>The severity the diagnostic is logged with (a suppressed warning becomes a message).</summary>
    public DiagnosticSeverity SeverityOf(Diagnostic diagnostic)
    {
        if (diagnostic.Severity != DiagnosticSeverity.Warning)
        {
            return diagnostic.Severity;
        }

        if (IsSuppressed(diagnostic))
        {
            return DiagnosticSeverity.Message;
        }

        if (_asErrors.Contains(diagnostic.Code) || (TreatWarningsAsErrors && !_notAsErrors.Contains(diagnostic.Code)))
        {
            return DiagnosticSeverity.Error;
        }

        return DiagnosticSeverity.Warning;
    }

    /// <summary>
    /// The diagnostic as the build logs it: an error under WarningsAsErrors or TreatWarningsAsErrors,
    /// or marked <see cref="Diagnostic.Suppressed"/> under NoWarn. Applying it twice changes nothing.
    /// </summary>
    public Diagnostic Apply(Diagnostic diagnostic)
    {
        var (severity, suppressed) = Apply(diagnostic.Code, diagnostic.Severity);
        suppressed |= diagnostic.Suppressed;
        return severity == diagnostic.Severity && suppressed == diagnostic.Suppressed ? diagnostic : diagnostic with { Severity = severity, Suppressed = suppressed };
    }

    /// <summary>The same for a finding not yet made into a diagnostic (a report row's CT1001 or CT1002).</summary>
    public (DiagnosticSeverity Severity, bool Suppressed) Apply(string code, DiagnosticSeverity severity)
    {
        if (severity != DiagnosticSeverity.Warning)
        {
            return (severity, false);
        }

        if (_noWarn.Contains(code))
        {
            return (severity, true);
        }

        return (_asErrors.Contains(code) || (TreatWarningsAsErrors && !_notAsErrors.Contains(code)) ? DiagnosticSeverity.Error : severity, false);
    }

    /// <summary><c>true</c> (any case) as MSBuild writes booleans; anything else is false.</summary>
    public static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static HashSet<string> Codes(string? list) =>
        new((list ?? string.Empty).Split(Separators, StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim()), StringComparer.OrdinalIgnoreCase);
}
