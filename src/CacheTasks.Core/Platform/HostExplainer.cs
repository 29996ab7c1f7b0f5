using System.Globalization;

namespace CacheTasks.Platform;

/// <summary>
/// Explains a <see cref="HostDetector"/> result: shows the CPU facts the detector read (vendor,
/// features, CPU part, POWER generation, Apple model, from <see cref="CpuFactsReader"/>) and says, for every other target of the machine's
/// family, why it is not the answer. It never decides the target itself: the detected target is
/// the detector's, so the explanation always names what a build detects.
/// </summary>
public static class HostExplainer
{
    public static HostExplanation Explain(HostFacts facts, MicroarchitectureTable table)
    {
        var detection = HostDetector.Detect(facts, table);
        // The detected target's family: on a Mac the brand string can overrule the process's architecture.
        var family = table.Contains(detection.Arch.Target) ? table.FamilyOf(detection.Arch.Target) : facts.MachineFamily;
        // The facts the detector read, so the explanation cannot disagree with it.
        var cpu = CpuFactsReader.Read(facts, table);
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
