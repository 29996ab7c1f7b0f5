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

    [Fact]
    public void An_arm_core_with_another_cpu_part_is_ruled_out_by_its_part()
    {
        const string Graviton4 = "processor\t: 0\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt fcma lrcpc dcpop sha3 sm3 sm4 asimddp sha512 sve asimdfhm dit uscat ilrcpc flagm ssbs sb paca pacg dcpodp sve2 sveaes svepmull svebitperm svesha3 svesm4 flagm2 frint svei8mm svebf16 i8mm bf16 dgh rng bti\nCPU implementer\t: 0x41\nCPU part\t: 0xd4f\n";

        var explanation = HostExplainer.Explain(new HostFacts("linux", "aarch64", null, Graviton4), MicroarchitectureTable.Embedded);

        Assert.Equal("ARM", explanation.Vendor);
        Assert.Equal("0xd4f", explanation.CpuPart);
        var v1 = explanation.RuledOut.Single(r => r.Name == "neoverse_v1");
        Assert.Equal(RuledOutReason.OtherCpuPart, v1.Reason);
        Assert.Equal(["0xd40"], v1.Details);
    }

    [Fact]
    public void A_mac_is_read_from_sysctl_by_its_model_and_other_models_are_ruled_out()
    {
        var facts = new HostFacts("darwin", "aarch64", null, null, MacOSVersion: "13.6") { SysctlText = "machdep.cpu.brand_string: Apple M2 Pro\nhw.machine: arm64\n" };

        var explanation = HostExplainer.Explain(facts, MicroarchitectureTable.Embedded);

        Assert.Equal("Apple", explanation.Vendor);
        Assert.Equal("m2", explanation.Model);
        Assert.Equal(MicroarchitectureTable.Embedded.Find("m2")!.Features.Order(StringComparer.Ordinal), explanation.Features);
        var m3 = explanation.RuledOut.Single(r => r.Name == "m3");
        Assert.Equal(RuledOutReason.OtherModel, m3.Reason);
        Assert.Equal(["m2"], m3.Details);
    }

    [Fact]
    public void A_vendor_target_beside_the_best_generic_level_is_ruled_out_by_archspecs_rule()
    {
        // x86_64_v2 is the most specific generic level this CPU runs; vchip runs too but does not descend from it.
        var table = new MicroarchitectureTable(
        [
            new Microarchitecture("x86_64", "generic", [], new HashSet<string>()),
            new Microarchitecture("x86_64_v2", "generic", ["x86_64"], new HashSet<string> { "sse4_2" }),
            new Microarchitecture("vchip", "Vendor", ["x86_64"], new HashSet<string>()),
        ]);
        var facts = new HostFacts("linux", "x86_64", null, "processor\t: 0\nvendor_id\t: Vendor\nflags\t\t: sse4_2\n");

        var explanation = HostExplainer.Explain(facts, table);

        Assert.Equal("x86_64_v2", explanation.Target);
        var vchip = explanation.RuledOut.Single(r => r.Name == "vchip");
        Assert.Equal(RuledOutReason.NotBelowBestGeneric, vchip.Reason);
        Assert.Equal(["x86_64_v2"], vchip.Details);
    }
}
