using System.Text.RegularExpressions;

namespace CacheTasks.Platform;

/// <summary>
/// Finds the Spack arch of a machine the way <c>spack arch</c> and archspec's <c>cpu/detect.py</c>
/// do. Platform from the OS; os from os-release (<c>ID</c> + <c>VERSION_ID</c>, major version only
/// except on Ubuntu, as Spack names Linux distros), the macOS major version's name, or
/// <c>windows</c> + version. Target: of the table's targets the CPU can run (x86_64: vendor or
/// generic and every feature in <c>flags</c>; aarch64: vendor from <c>CPU implementer</c> and
/// <c>Features</c>, narrowed to the <c>CPU part</c> when a target has it; POWER: generation from the
/// <c>cpu</c> line; Apple silicon: the M-series model from sysctl), the most specific one that
/// descends from the best generic target. The CPU facts come from <see cref="CpuFactsReader"/>,
/// the same ones <see cref="HostExplainer"/> explains.
/// </summary>
public static class HostDetector
{
    private const string Generic = Microarchitecture.GenericVendor;
    private const string X86 = "x86_64";
    private const string Arm = "aarch64";
    private const string Ubuntu = "ubuntu";

    private static readonly Dictionary<int, string> MacOSNames = new()
    {
        [10] = "catalina", [11] = "bigsur", [12] = "monterey", [13] = "ventura", [14] = "sonoma", [15] = "sequoia", [26] = "tahoe",
    };

    public static HostDetection Detect(HostFacts facts, MicroarchitectureTable table)
    {
        var (os, osWhy) = DetectOsExplained(facts);
        var (target, targetWhy) = DetectTarget(facts, table);
        return new HostDetection(new SpackArch(facts.Platform, os, target), osWhy + "; " + targetWhy);
    }

    public static string DetectOs(HostFacts facts) => DetectOsExplained(facts).Os;

    private static (string Os, string Why) DetectOsExplained(HostFacts facts)
    {
        switch (facts.Platform)
        {
            case "darwin":
                var major = MajorOf(facts.MacOSVersion);
                var macOs = major is int m && MacOSNames.TryGetValue(m, out var name) ? name : "macos" + (major?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                return (macOs, string.Format(Messages.HostOsFromMacOS, macOs, facts.MacOSVersion));
            case "windows":
                var windows = "windows" + WindowsVersion(facts.WindowsVersion);
                return (windows, string.Format(Messages.HostOsFromWindows, windows, facts.WindowsVersion));
        }

        var release = ParseOsRelease(facts.OsReleaseText);
        if (!release.TryGetValue("ID", out var id) || id.Length == 0)
        {
            return ("linux", Messages.HostOsNoOsRelease);
        }

        release.TryGetValue("VERSION_ID", out var version);
        version ??= string.Empty;

        // Spack keeps "major.minor" for Ubuntu and the first part of the version everywhere else
        // (rhel8, rocky9, sles15, amzn2, debian12), since minor releases of those are compatible.
        var parts = Regex.Split(version, @"[^\w-]");
        var osVersion = id.Contains(Ubuntu) ? string.Join(".", parts.Take(2)) : parts[0];
        // Spack writes '-' in os names as '_' (opensuse-leap → opensuse_leap15): '-' separates the arch's parts.
        var os = (id + osVersion).Replace('-', '_');
        return (os, string.Format(Messages.HostOsFromOsRelease, os, id, version));
    }

    // Windows versions are major.minor.build (10.0.20348); a revision, when given, is not part of it.
    private static string WindowsVersion(string? version)
    {
        var parts = (version ?? string.Empty).Split('.');
        return string.Join(".", parts.Take(3));
    }

    private static (string Target, string Why) DetectTarget(HostFacts facts, MicroarchitectureTable table)
    {
        var info = CpuFactsReader.Read(facts, table);
        var family = info.Family;
        if (!info.Known || !table.Contains(family))
        {
            var why = !table.Contains(family) ? string.Format(Messages.HostTargetFamilyUnknown, family) : Messages.HostTargetNoCpuFacts;
            return (family, string.Format(Messages.HostTargetGeneric, family, why));
        }

        var candidates = table.Targets.Where(t => IsCompatible(info, t, family, facts.Platform, table)).ToList();
        var generic = candidates.Where(c => c.Vendor == Generic).ToList();
        if (generic.Count == 0)
        {
            return (family, string.Format(Messages.HostTargetGeneric, family, Messages.HostTargetNothingFits));
        }

        var bestGeneric = generic.OrderByDescending(c => table.AncestorsOf(c.Name).Count).ThenByDescending(c => c.Features.Count).ThenBy(c => c.Name, StringComparer.Ordinal).First();

        // aarch64: the CPU part names the core exactly; prefer the targets that have it.
        var byPart = info.CpuPart is { Length: > 0 } part ? candidates.Where(c => string.Equals(c.CpuPart, part, StringComparison.OrdinalIgnoreCase)).ToList() : [];
        if (byPart.Count > 0)
        {
            candidates = byPart;
        }

        // Only descendants of the best generic target: a niche feature switched off in the BIOS
        // should not drop the host to an old microarchitecture.
        var best = candidates
            .Where(c => table.AncestorsOf(c.Name).Contains(bestGeneric.Name))
            .OrderByDescending(c => table.AncestorsOf(c.Name).Count)
            .ThenByDescending(c => c.Features.Count)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (best is null)
        {
            return (bestGeneric.Name, string.Format(Messages.HostTargetBestGeneric, bestGeneric.Name, family, info.Vendor, info.Source));
        }

        var reason = byPart.Count > 0 ? string.Format(Messages.HostTargetCpuPart, best.Name, info.CpuPart, info.Vendor, info.Source)
            : info.Generation > 0 ? string.Format(Messages.HostTargetPower, best.Name, info.Generation, info.Source)
            : info.Model is not null ? string.Format(Messages.HostTargetAppleModel, best.Name, info.Model, info.Source)
            : string.Format(Messages.HostTargetFeatures, best.Name, family, info.Vendor, info.Features.Count, info.Source);
        return (best.Name, reason);
    }

    private static bool IsCompatible(CpuFacts info, Microarchitecture target, string family, string platform, MicroarchitectureTable table)
    {
        var inFamily = target.Name == family || table.AncestorsOf(target.Name).Contains(family);
        if (!inFamily)
        {
            return false;
        }

        switch (family)
        {
            case X86:
                return (target.Vendor == info.Vendor || target.Vendor == Generic) && target.Features.All(info.Features.Contains);
            case Arm:
                // archspec cannot tell armv8.x levels apart from features: of the generic targets only aarch64 itself.
                if (target.Vendor == Generic && target.Name != Arm)
                {
                    return false;
                }

                if (target.Vendor != info.Vendor && target.Vendor != Generic)
                {
                    return false;
                }

                // macOS gives no features for Apple silicon, but names the model exactly.
                return platform == "darwin" && info.Model is not null
                    ? target.Name == info.Model || table.AncestorsOf(info.Model).Contains(target.Name)
                    : target.Features.All(info.Features.Contains);
            case "ppc64le" or "ppc64":
                return target.Generation <= (info.Generation ?? 0);
            default:
                return target.Vendor == Generic;
        }
    }

    private static int? MajorOf(string? version)
    {
        if (version is null)
        {
            return null;
        }

        var dot = version.IndexOf('.');
        return int.TryParse(dot < 0 ? version : version.Substring(0, dot), out var major) ? major : null;
    }

    internal static Dictionary<string, string> ParseOsRelease(string? text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (text ?? string.Empty).Split('\n'))
        {
            var equals = line.IndexOf('=');
            if (equals <= 0 || line.TrimStart().StartsWith("#", StringComparison.Ordinal))
            {
                continue;
            }

            values[line.Substring(0, equals).Trim()] = line.Substring(equals + 1).Trim().Trim('"', '\'');
        }

        return values;
    }
}
