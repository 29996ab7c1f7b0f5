using System.Globalization;
using System.Text.RegularExpressions;

namespace CacheTasks.Platform;

/// <summary>
/// Explains a <see cref="HostDetector"/> result: reads the facts archspec reads (vendor, features,
/// CPU part, POWER generation, Apple model) and says, for every other target of the machine's
/// family, why it is not the answer. It never decides the target itself: the detected target is
/// the detector's, so the explanation always names what a build detects.
/// </summary>
public static class HostExplainer
{
    private static readonly Regex PowerGeneration = new(@"POWER(\d+)", RegexOptions.CultureInvariant);
    private static readonly Regex AppleModel = new(@"apple\s+m(\d+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    public static HostExplanation Explain(HostFacts facts, MicroarchitectureTable table)
    {
        var detection = HostDetector.Detect(facts, table);
        // The detected target's family: on a Mac the brand string can overrule the process's architecture.
        var family = table.Contains(detection.Arch.Target) ? table.FamilyOf(detection.Arch.Target) : facts.MachineFamily;
        var cpu = ReadCpu(facts, family, table);
        var target = detection.Arch.Target;
        var ancestors = table.AncestorsOf(target);
        var familyTargets = table.Targets.Where(t => t.Name == family || table.AncestorsOf(t.Name).Contains(family)).ToList();
        var bestGeneric = BestGeneric(familyTargets, cpu, table);
        var partKnown = cpu.CpuPart is not null && familyTargets.Any(t => SamePart(t.CpuPart, cpu.CpuPart));

        var ruledOut = familyTargets
            .Where(t => t.Name != target)
            .Select(t => WhyNot(t, ancestors, cpu, partKnown, bestGeneric, table))
            .OrderBy(r => r.Reason)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();

        return new HostExplanation(
            detection,
            facts.Platform,
            OsSource(facts),
            family,
            cpu.Vendor,
            cpu.CpuPart,
            cpu.Generation,
            cpu.Model,
            cpu.Features.OrderBy(f => f, StringComparer.Ordinal).ToList(),
            DecidingFeatures(table, target),
            ancestors.OrderByDescending(a => table.AncestorsOf(a).Count).ThenBy(a => a, StringComparer.Ordinal).ToList(),
            ruledOut);
    }

    /// <summary>What the machine's files say about its CPU, as archspec reads them.</summary>
    private sealed record CpuFacts(string Vendor, HashSet<string> Features, string? CpuPart = null, int? Generation = null, string? Model = null);

    private static CpuFacts ReadCpu(HostFacts facts, string family, MicroarchitectureTable table)
    {
        var features = new HashSet<string>(StringComparer.Ordinal);
        if (facts.Platform == "darwin" && facts.SysctlText is not null)
        {
            var sysctl = HostFactsReader.ParseSysctl(facts.SysctlText);
            sysctl.TryGetValue(HostFactsReader.BrandStringKey, out var brand);
            var match = AppleModel.Match(brand ?? string.Empty);
            if (match.Success)
            {
                // sysctl does not list an Apple CPU's features; as in archspec, the model (the
                // newest M generation the table knows, up to the brand's) stands for them.
                var model = Enumerable.Range(1, int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)).Reverse().Select(n => "m" + n.ToString(CultureInfo.InvariantCulture)).FirstOrDefault(table.Contains);
                features.UnionWith(model is null ? [] : table.Find(model)!.Features);
                return new CpuFacts("Apple", features, Model: model);
            }

            // An Intel Mac: vendor and CPUID feature words, lower-cased as Linux writes them.
            foreach (var key in new[] { "machdep.cpu.features", "machdep.cpu.leaf7_features", "machdep.cpu.extfeatures" })
            {
                if (sysctl.TryGetValue(key, out var words))
                {
                    features.UnionWith(words.ToLowerInvariant().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
                }
            }

            return new CpuFacts(sysctl.TryGetValue("machdep.cpu.vendor", out var intel) ? intel : Microarchitecture.GenericVendor, features);
        }

        var cpu = HostDetector.ParseCpuInfo(facts.CpuInfoText);
        switch (family)
        {
            case "x86_64":
                AddWords(features, cpu, "flags");
                return new CpuFacts(cpu.TryGetValue("vendor_id", out var vendor) ? vendor : Microarchitecture.GenericVendor, features);
            case "aarch64":
                AddWords(features, cpu, "Features");
                var armVendor = cpu.TryGetValue("CPU implementer", out var implementer) && HostDetector.ArmVendors.TryGetValue(implementer, out var name)
                    ? name
                    : Microarchitecture.GenericVendor;
                return new CpuFacts(armVendor, features, cpu.TryGetValue("CPU part", out var part) ? part : null);
            case "ppc64le" or "ppc64":
                var generation = cpu.TryGetValue("cpu", out var power) ? PowerGeneration.Match(power) : Match.Empty;
                return generation.Success
                    ? new CpuFacts("IBM", features, Generation: int.Parse(generation.Groups[1].Value, CultureInfo.InvariantCulture))
                    : new CpuFacts(Microarchitecture.GenericVendor, features);
            default:
                return new CpuFacts(Microarchitecture.GenericVendor, features);
        }
    }

    private static void AddWords(HashSet<string> into, Dictionary<string, string> cpu, string key)
    {
        if (cpu.TryGetValue(key, out var text))
        {
            into.UnionWith(text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
        }
    }

    private static bool Runs(Microarchitecture target, CpuFacts cpu) =>
        (target.Vendor == Microarchitecture.GenericVendor || target.Vendor == cpu.Vendor)
        && target.Features.All(cpu.Features.Contains)
        && (cpu.Generation is not int generation || target.Generation <= generation);

    // archspec only counts targets that descend from the most specific generic level the CPU runs
    // (x86_64_v4 on a CPU with AVX-512), so one niche feature hidden by a VM does not drop it to an old one.
    // aarch64's generic armv8.x/armv9.x levels list no features: archspec leaves them out, and so does this.
    private static Microarchitecture? BestGeneric(List<Microarchitecture> familyTargets, CpuFacts cpu, MicroarchitectureTable table) =>
        familyTargets
            .Where(t => t.Vendor == Microarchitecture.GenericVendor && (t.Features.Count > 0 || t.Parents.Count == 0) && Runs(t, cpu))
            .OrderByDescending(t => table.AncestorsOf(t.Name).Count)
            .ThenByDescending(t => t.Features.Count)
            .FirstOrDefault();

    private static bool SamePart(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static RuledOutTarget WhyNot(Microarchitecture candidate, IReadOnlyCollection<string> ancestors, CpuFacts cpu, bool partKnown, Microarchitecture? bestGeneric, MicroarchitectureTable table)
    {
        if (ancestors.Contains(candidate.Name))
        {
            return new RuledOutTarget(candidate.Name, RuledOutReason.LessSpecific, []);
        }

        if (candidate.Vendor != Microarchitecture.GenericVendor && candidate.Vendor != cpu.Vendor)
        {
            return new RuledOutTarget(candidate.Name, RuledOutReason.OtherVendor, [candidate.Vendor]);
        }

        // On a Mac the brand string names the model exactly; archspec takes nothing else of that vendor.
        if (cpu.Model is not null && candidate.Vendor == cpu.Vendor && candidate.Name != cpu.Model && !table.AncestorsOf(cpu.Model).Contains(candidate.Name))
        {
            return new RuledOutTarget(candidate.Name, RuledOutReason.OtherModel, [cpu.Model]);
        }

        var missing = candidate.Features.Where(f => !cpu.Features.Contains(f)).Distinct().OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            return new RuledOutTarget(candidate.Name, RuledOutReason.MissingFeatures, missing);
        }

        if (cpu.Generation is int generation && candidate.Generation > generation)
        {
            return new RuledOutTarget(candidate.Name, RuledOutReason.NewerGeneration, [candidate.Generation.ToString(CultureInfo.InvariantCulture)]);
        }

        if (partKnown && candidate.CpuPart is not null && !SamePart(candidate.CpuPart, cpu.CpuPart))
        {
            return new RuledOutTarget(candidate.Name, RuledOutReason.OtherCpuPart, [candidate.CpuPart]);
        }

        if (bestGeneric is not null && candidate.Name != bestGeneric.Name && !table.AncestorsOf(candidate.Name).Contains(bestGeneric.Name) && !table.AncestorsOf(bestGeneric.Name).Contains(candidate.Name))
        {
            return new RuledOutTarget(candidate.Name, RuledOutReason.NotBelowBestGeneric, [bestGeneric.Name]);
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
