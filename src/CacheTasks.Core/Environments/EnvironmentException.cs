using CacheTasks.Diagnostics;

namespace CacheTasks.Environments;

/// <summary>
/// One part of an environment that cannot be used; caught inside <see cref="EnvironmentReader"/>
/// and turned into CT3003 at <see cref="Location"/>, so it never leaves Core.
/// </summary>
internal sealed class EnvironmentException : Exception
{
    public EnvironmentException(string file, string reason, SourceLocation? location)
        : base(reason)
    {
        File = file;
        Location = location;
    }

    public EnvironmentException()
    {
        File = string.Empty;
    }

    public EnvironmentException(string message)
        : base(message)
    {
        File = string.Empty;
    }

    public EnvironmentException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = string.Empty;
    }

    /// <summary>The file as the message names it.</summary>
    public string File { get; }

    public SourceLocation? Location { get; }

    public Diagnostic ToDiagnostic() =>
        new(DiagnosticCodes.InvalidEnvironment, DiagnosticSeverity.Error, string.Format(Messages.EnvironmentInvalid, File, Message), Location);
}
