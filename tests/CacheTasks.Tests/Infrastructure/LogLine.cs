namespace CacheTasks.Tests.Infrastructure;

internal static class LogLine
{
    /// <summary>The canonical MSBuild form of a warning or error, as the console logger prints it.</summary>
    public static string Format(string? file, int line, int column, string kind, string? code, string? message)
    {
        var location = string.IsNullOrEmpty(file) ? "MSBUILD" : line > 0 ? $"{file}({line},{column})" : file;
        return $"{location}: {kind} {code}: {message}";
    }
}
