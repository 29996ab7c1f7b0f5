namespace CacheTasks.Platform;

/// <summary>
/// Finds the Spack arch of a machine the way <c>spack arch</c> / archspec do: the platform from
/// the OS, the os from <c>/etc/os-release</c> (or the macOS / Windows version), and as target the
/// most specific microarchitecture whose vendor (the CPU's, or generic) and features the CPU has.
/// </summary>
public static class HostDetector
{
    // Distributions whose binaries are compatible across minor releases: Spack names them by major version only.
    private static readonly HashSet<string> MajorVersionOnly = new(StringComparer.Ordinal)
    {
        "rhel", "rocky", "almalinux", "centos", "sles", "amzn", "ol",
    };

    private static readonly Dictionary<int, string> MacOSNames = new()
    {
        [10] = "catalina", [11] = "bigsur", [12] = "monterey", [13] = "ventura", [14] = "sonoma", [15] = "sequoia", [26] = "tahoe",
    };

    internal static readonly Dictionary<string, string> ArmVendors = new(StringComparer.OrdinalIgnoreCase)
    {
        ["0x41"] = "ARM", ["0x42"] = "Broadcom", ["0x43"] = "Cavium", ["0x46"] = "Fujitsu", ["0x48"] = "HiSilicon",
        ["0x4e"] = "Nvidia", ["0x50"] = "APM", ["0x51"] = "Qualcomm", ["0x53"] = "Samsung", ["0x56"] = "Marvell",
        ["0x61"] = "Apple", ["0xc0"] = "Ampere",
    };

    public static HostDetection Detect(HostFacts facts, MicroarchitectureTable table)
    {
        var os = DetectOs(facts);
        var (target, why) = DetectTarget(facts, table);
        return new HostDetection(new SpackArch(facts.Platform, os, target), $"os from {OsSource(facts)}; {why}");
    }

    public static string DetectOs(HostFacts facts)
    {
        switch (facts.Platform)
        {
            case "darwin":
                var major = MajorOf(facts.MacOSVersion);
                return major is int m && MacOSNames.TryGetValue(m, out var name) ? name : "macos" + (major?.ToString() ?? string.Empty);
            case "windows":
                return "windows" + (facts.WindowsVersion ?? string.Empty);
        }

        var release = ParseOsRelease(facts.OsReleaseText);
        if (!release.TryGetValue("ID", out var id) || id.Length == 0)
        {
            return "linux";
        }

        release.TryGetValue("VERSION_ID", out var version);
        version ??= string.Empty;
        if (MajorVersionOnly.Contains(id))
        {
            var dot = version.IndexOf('.');
            version = dot < 0 ? version : version.Substring(0, dot);
        }

        return id + version;
    }

    private static string OsSource(HostFacts facts) => facts.Platform switch
    {
        "darwin" => "the macOS version",
        "windows" => "the Windows version",
        _ => facts.OsReleaseText is null ? "nothing (no os-release)" : "os-release",
    };

    private static (string Target, string Why) DetectTarget(HostFacts facts, MicroarchitectureTable table)
    {
        var family = facts.MachineFamily;
        var cpu = ParseCpuInfo(facts.CpuInfoText);
        string vendor;
        HashSet<string> features;
        if (family == "x86_64")
        {
            vendor = cpu.TryGetValue("vendor_id", out var v) ? v : Microarchitecture.GenericVendor;
            features = Words(cpu.TryGetValue("flags", out var f) ? f : null);
        }
        else if (family == "aarch64")
        {
            vendor = cpu.TryGetValue("CPU implementer", out var implementer) && ArmVendors.TryGetValue(implementer, out var name)
                ? name
                : Microarchitecture.GenericVendor;
            features = Words(cpu.TryGetValue("Features", out var f) ? f : null);
        }
        else
        {
            // POWER and others: the generic family target; a generation-aware choice comes from the table.
            return (family, $"target {family}: the machine's architecture family");
        }

        if (!table.Contains(family))
        {
            return (family, $"target {family}: not in the microarchitecture table");
        }

        var best = table.Targets
            .Where(t => (t.Name == family || table.AncestorsOf(t.Name).Contains(family))
                        && (t.Vendor == vendor || t.Vendor == Microarchitecture.GenericVendor)
                        && t.Features.All(features.Contains))
            .OrderByDescending(t => table.AncestorsOf(t.Name).Count)
            .ThenByDescending(t => t.Features.Count)
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .First();
        return (best.Name, $"target {best.Name}: the most specific {family} target whose vendor ({vendor}) and {best.Features.Count} features the CPU has");
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

    private static HashSet<string> Words(string? text) =>
        new(text?.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries) ?? [], StringComparer.Ordinal);

    internal static Dictionary<string, string> ParseOsRelease(string? text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (text ?? string.Empty).Split('\n'))
        {
            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            values[line.Substring(0, equals).Trim()] = line.Substring(equals + 1).Trim().Trim('"', '\'');
        }

        return values;
    }

    // The first processor's block is enough: every core of a machine reports the same flags.
    internal static Dictionary<string, string> ParseCpuInfo(string? text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (text ?? string.Empty).Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var key = line.Substring(0, colon).Trim();
            if (!values.ContainsKey(key))
            {
                values[key] = line.Substring(colon + 1).Trim();
            }
        }

        return values;
    }
}
