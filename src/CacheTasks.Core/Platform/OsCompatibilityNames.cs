namespace CacheTasks.Platform;

/// <summary>The words users write for <c>SpackOsCompatibility</c>: <c>exact</c> (the default) and <c>libc</c>.</summary>
public static class OsCompatibilityNames
{
    public static bool TryParse(string? text, out OsCompatibility compatibility)
    {
        compatibility = OsCompatibility.Exact;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "exact":
                return true;
            case "libc":
                compatibility = OsCompatibility.Libc;
                return true;
            default:
                return false;
        }
    }
}
