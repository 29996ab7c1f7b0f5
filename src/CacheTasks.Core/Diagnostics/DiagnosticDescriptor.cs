namespace CacheTasks.Diagnostics;

/// <summary>
/// Everything about a code that does not change from one occurrence to the next, as Roslyn's
/// DiagnosticDescriptor and NuGet's NuGetLogCode table hold it. Every sink reads it from here: the
/// MSBuild log's help link, SARIF rules, the command line's exit code, the docs index (checked by a test).
/// </summary>
public sealed class DiagnosticDescriptor
{
    private readonly Func<string> _title;

    public DiagnosticDescriptor(string code, string name, DiagnosticArea area, DiagnosticSeverity defaultSeverity, ExitClass exitClass, Func<string> title)
    {
        Code = code;
        Name = name;
        Area = area;
        DefaultSeverity = defaultSeverity;
        ExitClass = exitClass;
        _title = title;
    }

    /// <summary>The stable code, e.g. <c>CT1001</c>.</summary>
    public string Code { get; }

    /// <summary>A name for tools that show rule names (SARIF <c>rule.name</c>), e.g. <c>MissingForArch</c>.</summary>
    public string Name { get; }

    public DiagnosticArea Area { get; }

    /// <summary>The severity before the project changes it (SpackMissingSeverity, a requirement's Severity, NoWarn and the like).</summary>
    public DiagnosticSeverity DefaultSeverity { get; }

    /// <summary>The command line's exit code when an occurrence is an error.</summary>
    public ExitClass ExitClass { get; }

    /// <summary>One line saying what the code means (the docs index row, SARIF's short description); from Messages.resx.</summary>
    public string Title => _title();

    /// <summary>The page that explains the code and what to do about it.</summary>
    public string HelpLink => DiagnosticCodes.HelpLink(Code);

    /// <summary>SARIF's rule help: where to read more.</summary>
    public string HelpText => string.Format(Messages.SarifRuleHelp, HelpLink);
}
