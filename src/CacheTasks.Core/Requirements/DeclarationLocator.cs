using CacheTasks.Diagnostics;

namespace CacheTasks.Requirements;

/// <summary>
/// Finds where a requirement was written in its project file, so diagnostics can point at the
/// line and column of the spec. MSBuild items do not keep their location; the file that defined
/// them does, so the spec text is looked up there.
/// </summary>
public sealed class DeclarationLocator
{
    private readonly Dictionary<string, string[]?> _files = new(StringComparer.Ordinal);

    /// <summary>The location of <paramref name="text"/> in <paramref name="file"/>, or the file alone when it is not found.</summary>
    public SourceLocation? Find(string? file, string text)
    {
        if (string.IsNullOrEmpty(file))
        {
            return null;
        }

        var lines = Lines(file!);
        if (lines is null || text.Length == 0)
        {
            return new SourceLocation(file!);
        }

        foreach (var quote in new[] { "\"", "'" })
        {
            var needle = quote + text + quote;
            for (var i = 0; i < lines.Length; i++)
            {
                var column = lines[i].IndexOf(needle, StringComparison.Ordinal);
                if (column >= 0)
                {
                    return new SourceLocation(file!, i + 1, column + 2);
                }
            }
        }

        return new SourceLocation(file!);
    }

    private string[]? Lines(string file)
    {
        if (!_files.TryGetValue(file, out var lines))
        {
            try
            {
                lines = File.ReadAllLines(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                lines = null;
            }

            _files[file] = lines;
        }

        return lines;
    }
}
