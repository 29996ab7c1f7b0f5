namespace CacheTasks.Specs;

/// <summary>
/// The compiler a concrete spec was built with, as pages write it: <c>gcc@11.4.0</c> or
/// <c>gcc@=11.4.0</c> (same meaning). <c>none</c> is no compiler and parses to null.
/// </summary>
public sealed record SpecCompiler(string Name, SpackVersion? Version)
{
    public const string None = "none";

    public static SpecCompiler? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text!.Trim() == None)
        {
            return null;
        }

        var trimmed = text.Trim();
        var at = trimmed.IndexOf('@');
        if (at < 0)
        {
            return new SpecCompiler(trimmed, null);
        }

        var versionText = trimmed.Substring(at + 1).TrimStart('=');
        // A compiler version Spack cannot order still names the compiler; it just matches no version range.
        return new SpecCompiler(trimmed.Substring(0, at), SpackVersion.TryParse(versionText, out var version) ? version : null);
    }

    public override string ToString() => Version is null ? Name : $"{Name}@{Version}";
}
