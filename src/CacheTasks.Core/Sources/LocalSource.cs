namespace CacheTasks.Sources;

/// <summary>A path on this machine (what is not a URL): keyed by its full path.</summary>
public abstract class LocalSource : SourceKind
{
    /// <summary>
    /// The path in full without a trailing separator (the same folder however it was written),
    /// case-folded where the file system is (Windows).
    /// </summary>
    public override string Key(string text)
    {
        var trimmed = text.Trim();
        string full;
        try
        {
            full = Path.GetFullPath(trimmed);
            if (full.Length > (Path.GetPathRoot(full)?.Length ?? 0))
            {
                full = full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            }
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or System.Security.SecurityException)
        {
            // The kind reports such a source (CT2002); any stable text keys it.
            full = trimmed;
        }

        return Path.DirectorySeparatorChar == '\\' ? full.ToUpperInvariant() : full;
    }
}
