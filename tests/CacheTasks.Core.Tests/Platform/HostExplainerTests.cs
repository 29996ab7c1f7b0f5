using CacheTasks.Platform;

namespace CacheTasks.Core.Tests.Platform;

/// <summary>The explanation of a detection never disagrees with it and gives each other target of the family a reason.</summary>
public sealed class HostExplainerTests
{
    private const string Haswell = "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu mmx sse sse2 ssse3 cx16 sse4_1 sse4_2 popcnt lahf_lm abm avx avx2 bmi1 bmi2 f16c fma movbe xsave aes pclmulqdq rdrand\n";

    [Fact]
    public void The_explained_target_is_the_detected_one_and_every_other_family_target_is_ruled_out_once()
    {
        var table = MicroarchitectureTable.Embedded;
        var facts = new HostFacts("linux", "x86_64", null, Haswell);

        var explanation = HostExplainer.Explain(facts, table);

        Assert.Equal(HostDetector.Detect(facts, table).Arch, explanation.Arch);
        Assert.Equal("haswell", explanation.Target);
        var family = table.Targets.Where(t => t.Name == "x86_64" || table.AncestorsOf(t.Name).Contains("x86_64")).Select(t => t.Name).Where(n => n != "haswell");
        Assert.Equal(family.Order(StringComparer.Ordinal), explanation.RuledOut.Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Each_reason_names_what_ruled_the_target_out()
    {
        var explanation = HostExplainer.Explain(new HostFacts("linux", "x86_64", null, Haswell), MicroarchitectureTable.Embedded);
        var reasons = explanation.RuledOut.ToDictionary(r => r.Name);

        Assert.Equal(RuledOutReason.LessSpecific, reasons["ivybridge"].Reason);
        Assert.Equal(RuledOutReason.LessSpecific, reasons["x86_64_v3"].Reason);
        Assert.Equal(RuledOutReason.OtherVendor, reasons["zen"].Reason);
        Assert.Equal(["AuthenticAMD"], reasons["zen"].Details);
        Assert.Equal(RuledOutReason.MissingFeatures, reasons["broadwell"].Reason);
        Assert.Equal(["adx", "rdseed"], reasons["broadwell"].Details);
        Assert.Equal("GenuineIntel", explanation.Vendor);
        Assert.Equal(["ivybridge", "sandybridge", "westmere", "nehalem", "core2", "x86_64_v3", "nocona", "x86_64_v2", "x86_64"], explanation.Ancestors);

        // Haswell needs nothing beyond ivybridge and x86_64_v3 together: its two parents decide it.
        Assert.Empty(explanation.DecidingFeatures);
    }

    [Fact]
    public void A_power_cpu_gives_its_generation_and_newer_generations_are_ruled_out_for_it()
    {
        var facts = new HostFacts("linux", "ppc64le", null, "processor\t: 0\ncpu\t\t: POWER8E (raw), altivec supported\n");

        var explanation = HostExplainer.Explain(facts, MicroarchitectureTable.Embedded);

        Assert.Equal(8, explanation.Generation);
        var power9 = explanation.RuledOut.Single(r => r.Name == "power9le");
        Assert.Equal(RuledOutReason.NewerGeneration, power9.Reason);
        Assert.Equal(["9"], power9.Details);
    }
}
