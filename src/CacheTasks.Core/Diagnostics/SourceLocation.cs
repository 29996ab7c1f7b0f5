namespace CacheTasks.Diagnostics;

/// <summary>
/// Where a diagnostic points: a file and, when known, a 1-based line and column
/// (0 means "not known", as MSBuild treats it).
/// </summary>
public sealed record SourceLocation(string File, int Line = 0, int Column = 0)
{
    public override string ToString() =>
        Line > 0 ? (Column > 0 ? $"{File}({Line},{Column})" : $"{File}({Line})") : File;
}
