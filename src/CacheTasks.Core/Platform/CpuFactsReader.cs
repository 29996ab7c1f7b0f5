using System.Globalization;
using System.Text.RegularExpressions;

namespace CacheTasks.Platform;

/// <summary>
/// The one reader of a machine's CPU texts: parses <c>/proc/cpuinfo</c> (or its <c>cpuid</c>
/// equivalent) and macOS <c>sysctl</c> output and reads them as archspec's <c>cpu/detect.py</c>
/// does, into <see cref="CpuFacts"/>. <see cref="HostDetector"/> decides the target from them and
/// <see cref="HostExplainer"/> explains that decision from the same facts.
/// </summary>
internal static class CpuFactsReader
{
    public const string BrandStringKey = "machdep.cpu.brand_string";

    private const string Generic = Microarchitecture.GenericVendor;
    private const string X86 = "x86_64";
    private const string Arm = "aarch64";

    private static readonly string[] IntelFeatureKeys = ["machdep.cpu.features", "machdep.cpu.leaf7_features", "machdep.cpu.extfeatures"];

    private static readonly Regex PowerGeneration = new(@"POWER(\d+)", RegexOptions.CultureInvariant);
    private static readonly Regex AppleModel = new(@"apple\s+m(\d+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    public static CpuFacts Read(HostFacts facts, MicroarchitectureTable table)
    {
        if (facts.Platform == "darwin")
        {
            var sysctl = ParseSysctl(facts.SysctlText);
            // archspec: an Apple brand is aarch64 even when the process runs translated as x86_64.
            var family = IsAppleBrand(sysctl) ? Arm : facts.MachineFamily;
            return FromSysctl(family, sysctl, table);
        }

        if (facts.CpuInfoText is null)
        {
            return Unknown(facts.MachineFamily);
        }

        return FromCpuInfo(facts.MachineFamily, ParseCpuInfo(facts.CpuInfoText), facts.CpuInfoSource ?? "/proc/cpuinfo", table);
    }

    /// <summary>True when sysctl's brand string names Apple silicon.</summary>
    public static bool IsAppleBrand(Dictionary<string, string> sysctl) =>
        sysctl.TryGetValue(BrandStringKey, out var brand) && brand.IndexOf("Apple", StringComparison.Ordinal) >= 0;

    // As archspec: the first processor's block only (every core of a machine reports the same flags).
    public static Dictionary<string, string> ParseCpuInfo(string? text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (text ?? string.Empty).Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                if (values.Count > 0)
                {
                    break;
                }

                continue;
            }

            values[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
        }

        return values;
    }

    /// <summary>
    /// <c>key: value</c> lines (newer macOS) or <c>key = value</c> lines (older); the first
    /// occurrence of a key wins.
    /// </summary>
    public static Dictionary<string, string> ParseSysctl(string? text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (text ?? string.Empty).Split('\n'))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            var equals = line.IndexOf(" = ", StringComparison.Ordinal);
            var (at, length) = colon > 0 && (equals < 0 || colon < equals) ? (colon, 2) : (equals, 3);
            if (at <= 0)
            {
                continue;
            }

            var key = line.Substring(0, at).Trim();
            if (!values.ContainsKey(key))
            {
                values[key] = line.Substring(at + length).Trim();
            }
        }

        return values;
    }

    private static CpuFacts Unknown(string family) => new(family, Known: false, Generic, new HashSet<string>(StringComparer.Ordinal), string.Empty);

    private static CpuFacts FromCpuInfo(string family, Dictionary<string, string> cpu, string source, MicroarchitectureTable table)
    {
        switch (family)
        {
            case X86:
                return new CpuFacts(family, true, Get(cpu, "vendor_id") ?? Generic, Words(Get(cpu, "flags")), source);
            case Arm:
                // An implementer the table does not name keeps its code: no vendor target matches it, and the log shows it.
                var implementer = Get(cpu, "CPU implementer");
                var vendor = implementer is null ? Generic : table.ArmVendors.TryGetValue(implementer, out var known) ? known : implementer;
                return new CpuFacts(family, true, vendor, Words(Get(cpu, "Features")), source, CpuPart: Get(cpu, "CPU part"));
            case "ppc64le" or "ppc64":
                // Emulated POWER (QEMU) reports no POWER line: no generation, so only the generic family fits.
                var match = PowerGeneration.Match(Get(cpu, "cpu") ?? string.Empty);
                return match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
                    ? new CpuFacts(family, true, "IBM", Words(null), source, Generation: generation)
                    : new CpuFacts(family, true, Generic, Words(null), source);
            default:
                return Unknown(family);
        }
    }

    private static CpuFacts FromSysctl(string family, Dictionary<string, string> sysctl, MicroarchitectureTable table)
    {
        var brand = Get(sysctl, BrandStringKey) ?? string.Empty;
        if (family == Arm)
        {
            // macOS lists no features for Apple silicon; the model (and the table's features for it) stands for them.
            var model = AppleModelOf(brand, table);
            var features = Words(null);
            features.UnionWith(table.Find(model)?.Features ?? []);
            return new CpuFacts(family, true, "Apple", features, string.Format(Messages.HostSourceAppleBrand, brand), Model: model);
        }

        // An Intel Mac: CPUID feature words, lower-cased as Linux writes them, then renamed as the table says (sse4.1 → sse4_1).
        var words = Words(string.Join(" ", IntelFeatureKeys.Select(k => Get(sysctl, k) ?? string.Empty)).ToLowerInvariant());
        foreach (var conversion in table.DarwinFlags)
        {
            if (conversion.Key.Split(' ').All(words.Contains))
            {
                words.UnionWith(conversion.Value.Split(' '));
            }
        }

        return new CpuFacts(family, true, Get(sysctl, "machdep.cpu.vendor") ?? Generic, words, "sysctl");
    }

    // "Apple M2 Pro": count down from M2 to the newest M-series the table knows.
    private static string AppleModelOf(string brand, MicroarchitectureTable table)
    {
        var match = AppleModel.Match(brand);
        if (match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            for (var m = number; m > 0; m--)
            {
                var name = "m" + m.ToString(CultureInfo.InvariantCulture);
                if (table.Contains(name))
                {
                    return name;
                }
            }

            return Arm;
        }

        return brand.Equals("Apple processor", StringComparison.OrdinalIgnoreCase) ? "m1" : Arm;
    }

    private static string? Get(Dictionary<string, string> values, string key) => values.TryGetValue(key, out var value) ? value : null;

    private static HashSet<string> Words(string? text) =>
        new(text?.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries) ?? [], StringComparer.Ordinal);
}
