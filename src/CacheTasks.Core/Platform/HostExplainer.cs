using System.Text.RegularExpressions;

namespace CacheTasks.Platform;

/// <summary>
/// Explains a <see cref="HostDetector"/> result: reads the same facts the detector reads and says,
/// for every other target of the machine's family, why it was not the answer. It never decides
/// the target itself, so the explanation always matches what a build detects.
/// </summary>
public static class HostExplainer
{
    private static readonly Regex PowerGeneration = new(@"POWER(\d+)", RegexOptions.CultureInvariant);

    public static HostExplanation Explain(HostFacts facts, MicroarchitectureTable table)
    {
        var detection = HostDetector.Detect(facts, table);
        var family = facts.MachineFamily;
        var cpu = HostDetector.ParseCpuInfo(facts.CpuInfoText);
        var (vendor, features, cpuPart, generation) = ReadCpu(family, cpu);
        var target = detection.Arch.Target;
        var ancestors = table.AncestorsOf(target);

        var ruledOut = new List<RuledOutTarget>();
        foreach (var candidate in table.Targets)
        {
            if (candidate.Name == target || !InFamily(table, candidate.Name, family))
            {
                continue;
            }

            ruledOut.Add(WhyNot(candidate, ancestors, vendor, features, generation));
        }

        return new HostExplanation(
            detection,
            facts.Platform,
            OsSource(facts),
            family,
            vendor,
            cpuPart,
            generation,
            features.OrderBy(f => f, StringComparer.Ordinal).ToList(),
            DecidingFeatures(table, target),
            ancestors.OrderByDescending(a => table.AncestorsOf(a).Count).ThenBy(a => a, StringComparer.Ordinal).ToList(),
            ruledOut.OrderBy(r => r.Reason).ThenBy(r => r.Name, StringComparer.Ordinal).ToList());
    }

    private static (string Vendor, HashSet<string> Features, string? CpuPart, int? Generation) ReadCpu(string family, Dictionary<string, string> cpu)
    {
        var features = new HashSet<string>(StringComparer.Ordinal);
        switch (family)
        {
            case "x86_64":
                AddWords(features, cpu, "flags");
                return (cpu.TryGetValue("vendor_id", out var vendor) ? vendor : Microarchitecture.GenericVendor, features, null, null);
            case "aarch64":
                AddWords(features, cpu, "Features");
                var armVendor = cpu.TryGetValue("CPU implementer", out var implementer) && HostDetector.ArmVendors.TryGetValue(implementer, out var name)
                    ? name
                    : Microarchitecture.GenericVendor;
                return (armVendor, features, cpu.TryGetValue("CPU part", out var part) ? part : null, null);
            case "ppc64le" or "ppc64":
                var match = cpu.TryGetValue("cpu", out var model) ? PowerGeneration.Match(model) : Match.Empty;
                return match.Success
                    ? ("IBM", features, null, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
                    : (Microarchitecture.GenericVendor, features, null, null);
            default:
                return (Microarchitecture.GenericVendor, features, null, null);
        }
    }

    private static void AddWords(HashSet<string> into, Dictionary<string, string> cpu, string key)
    {
        if (cpu.TryGetValue(key, out var text))
        {
            into.UnionWith(text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
        }
    }

    private static bool InFamily(MicroarchitectureTable table, string name, string family) =>
        name == family || table.AncestorsOf(name).Contains(family);

    private static RuledOutTarget WhyNot(Microarchitecture candidate, IReadOnlyCollection<string> ancestors, string vendor, HashSet<string> features, int? generation)
    {
        if (ancestors.Contains(candidate.Name))
        {
            return new RuledOutTarget(candidate.Name, RuledOutReason.LessSpecific, []);
        }

        if (candidate.Vendor != Microarchitecture.GenericVendor && candidate.Vendor != vendor)
        {
            return new RuledOutTarget(candidate.Name, RuledOutReason.OtherVendor, [candidate.Vendor]);
        }

        var missing = candidate.Features.Where(f => !features.Contains(f)).Distinct().OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            return new RuledOutTarget(candidate.Name, RuledOutReason.MissingFeatures, missing);
        }

        if (generation is int host && candidate.Generation > host)
        {
            return new RuledOutTarget(candidate.Name, RuledOutReason.NewerGeneration, [candidate.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        return new RuledOutTarget(candidate.Name, RuledOutReason.NotChosen, []);
    }

    // What the target needs beyond its parents: the features whose presence made it the answer.
    private static List<string> DecidingFeatures(MicroarchitectureTable table, string target)
    {
        var chosen = table.Find(target);
        if (chosen is null)
        {
            return [];
        }

        var inherited = new HashSet<string>(chosen.Parents.SelectMany(p => table.Find(p)?.Features ?? []), StringComparer.Ordinal);
        return chosen.Features.Where(f => !inherited.Contains(f)).Distinct().OrderBy(f => f, StringComparer.Ordinal).ToList();
    }

    private static string OsSource(HostFacts facts)
    {
        switch (facts.Platform)
        {
            case "darwin":
                return facts.MacOSVersion is null ? Messages.HostOsSourceNone : string.Format(Messages.HostOsSourceMacOS, facts.MacOSVersion);
            case "windows":
                return string.Format(Messages.HostOsSourceWindows, facts.WindowsVersion);
        }

        var release = HostDetector.ParseOsRelease(facts.OsReleaseText);
        if (facts.OsReleaseText is null || !release.TryGetValue("ID", out var id))
        {
            return Messages.HostOsSourceNone;
        }

        release.TryGetValue("VERSION_ID", out var version);
        return string.Format(Messages.HostOsSourceOsRelease, id, version ?? string.Empty);
    }
}
