using System.Text.RegularExpressions;
using CacheTasks.Diagnostics;

namespace CacheTasks.Platform;

/// <summary>
/// Checks arch names a user wrote (in <c>SpackArch</c>, <c>Arch</c> metadata or a requirement)
/// against the platforms Spack has and the microarchitecture table; unknown names are CT3002
/// with the closest known names.
/// </summary>
public static class ArchValidator
{
    public const string HostKeyword = "host";

    /// <summary>The platforms Spack defines.</summary>
    public static IReadOnlyList<string> KnownPlatforms { get; } = ["linux", "darwin", "windows", "freebsd", "cray", "test"];

    // macOS releases go by name; every other os is a distribution name followed by its version.
    private static readonly HashSet<string> NamedOperatingSystems = new(StringComparer.Ordinal)
    {
        "catalina", "bigsur", "monterey", "ventura", "sonoma", "sequoia", "tahoe", "mojave", "highsierra", "debian6",
    };

    private static readonly Regex VersionedOs = new("^[a-z][a-z_]*[0-9][0-9.]*$", RegexOptions.CultureInvariant);

    public static bool IsKnownOsShape(string os) => NamedOperatingSystems.Contains(os) || VersionedOs.IsMatch(os);

    /// <summary>
    /// Parses a <c>;</c>-separated arch list; <c>host</c> stands for <paramref name="host"/>. Entries
    /// that are not arches are reported and left out; empty entries (stray <c>;</c>) are ignored.
    /// </summary>
    public static IReadOnlyList<SpackArch> ParseList(IEnumerable<string> entries, string origin, SpackArch host, MicroarchitectureTable table, SourceLocation? location, ICollection<Diagnostic> diagnostics)
    {
        var arches = new List<SpackArch>();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry.Length == 0)
            {
                continue;
            }

            if (entry.Equals(HostKeyword, StringComparison.OrdinalIgnoreCase))
            {
                AddOnce(arches, host);
                continue;
            }

            if (!SpackArch.TryParse(entry, out var arch))
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.UnknownArch, DiagnosticSeverity.Error, string.Format(Messages.ArchNotAnArch, entry, origin), location));
                continue;
            }

            var problem = Validate(arch!, origin, table, location);
            if (problem is not null)
            {
                diagnostics.Add(problem);
                continue;
            }

            AddOnce(arches, arch!);
        }

        return arches;
    }

    /// <summary>A CT3002 for the first unknown part of the arch, or null when all are known.</summary>
    public static Diagnostic? Validate(SpackArch arch, string origin, MicroarchitectureTable table, SourceLocation? location) =>
        ValidatePlatform(arch.Platform, origin, location)
        ?? ValidateOs(arch.Os, origin, location)
        ?? ValidateTarget(arch.Target, origin, table, location);

    public static Diagnostic? ValidatePlatform(string platform, string origin, SourceLocation? location) =>
        KnownPlatforms.Contains(platform) ? null : Unknown("platform", platform, origin, KnownPlatforms, location);

    public static Diagnostic? ValidateOs(string os, string origin, SourceLocation? location) =>
        IsKnownOsShape(os) ? null : Unknown("os", os, origin, NamedOperatingSystems.Concat(GlibcTable.Embedded.OperatingSystems), location);

    public static Diagnostic? ValidateTarget(string target, string origin, MicroarchitectureTable table, SourceLocation? location) =>
        table.Contains(target) ? null : Unknown("target", target, origin, table.Names, location);

    private static Diagnostic Unknown(string kind, string name, string origin, IEnumerable<string> known, SourceLocation? location)
    {
        var suggestions = ClosestNames.Find(name, known);
        var didYouMean = suggestions.Count == 0 ? string.Empty : string.Format(Messages.DidYouMean, string.Join(", ", suggestions));
        return new Diagnostic(DiagnosticCodes.UnknownArch, DiagnosticSeverity.Error, string.Format(Messages.ArchUnknownName, kind, name, origin, didYouMean), location);
    }

    private static void AddOnce(List<SpackArch> arches, SpackArch arch)
    {
        if (!arches.Contains(arch))
        {
            arches.Add(arch);
        }
    }
}
