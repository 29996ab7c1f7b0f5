using CacheTasks.Platform;

namespace CacheTasks.Core.Tests.Platform;

/// <summary>The detector and the explainer read a machine's CPU texts through one reader, so the explanation never contradicts the detection.</summary>
public sealed class CpuFactsReaderTests
{
    private const string IntelMac =
        "machdep.cpu.brand_string: Intel(R) Core(TM) i7-8700B CPU @ 3.20GHz\n" +
        "machdep.cpu.vendor: GenuineIntel\n" +
        "machdep.cpu.features: FPU VME DE PSE TSC MSR PAE MCE CX8 APIC SEP MTRR PGE MCA CMOV PAT PSE36 CLFSH DS ACPI MMX FXSR SSE SSE2 SS HTT TM PBE SSE3 PCLMULQDQ DTES64 MON DSCPL VMX EST TM2 SSSE3 FMA CX16 TPR PDCM SSE4.1 SSE4.2 x2APIC MOVBE POPCNT AES PCID XSAVE OSXSAVE SEGLIM64 TSCTMR AVX1.0 RDRAND F16C\n" +
        "machdep.cpu.leaf7_features: RDWRFSGS TSC_THREAD_OFFSET SGX BMI1 HLE AVX2 SMEP BMI2 ERMS INVPCID RTM FPU_CSDS MPX RDSEED ADX SMAP CLFSOPT IPT MDCLEAR TSXFA IBRS STIBP L1DF SSBD\n" +
        "machdep.cpu.extfeatures: SYSCALL XD 1GBPAGE EM64T LAHF LZCNT PREFETCHW RDTSCP TSCI\n" +
        "hw.machine: x86_64\nkern.osproductversion: 13.6\n";

    [Fact]
    public void An_intel_mac_is_explained_with_the_feature_names_the_detection_used()
    {
        var facts = HostFactsReader.FromTexts(null, IntelMac, null);

        var explanation = HostExplainer.Explain(facts, MicroarchitectureTable.Embedded);

        // sysctl writes SSE4.1 and AVX1.0; the table's darwin renames give sse4_1 and avx, which skylake needs.
        Assert.Equal("skylake", explanation.Target);
        Assert.Contains("sse4_1", explanation.Features);
        Assert.Contains("avx", explanation.Features);
        Assert.DoesNotContain(explanation.RuledOut, r => r.Details.Contains("sse4_1") || r.Details.Contains("avx"));
    }

    [Theory]
    [InlineData("Apple processor", "m1")]
    [InlineData("Apple M2 Pro", "m2")]
    [InlineData("Apple M9 Ultra", "m4")]
    public void An_apple_brand_gives_the_same_model_to_the_detection_and_the_explanation(string brand, string model)
    {
        var facts = HostFactsReader.FromTexts(null, $"machdep.cpu.brand_string: {brand}\nhw.machine: arm64\n", null);

        var explanation = HostExplainer.Explain(facts, MicroarchitectureTable.Embedded);

        Assert.Equal(model, explanation.Target);
        Assert.Equal(model, explanation.Model);
        Assert.Equal("Apple", explanation.Vendor);
    }

    [Fact]
    public void An_arm_implementer_the_table_does_not_name_is_shown_by_its_code()
    {
        var facts = new HostFacts("linux", "aarch64", null, "processor\t: 0\nFeatures\t: fp asimd\nCPU implementer\t: 0x99\nCPU part\t: 0x001\n");

        var explanation = HostExplainer.Explain(facts, MicroarchitectureTable.Embedded);

        Assert.Equal("aarch64", explanation.Target);
        Assert.Equal("0x99", explanation.Vendor);
    }

    [Fact]
    public void Sysctl_and_cpuinfo_are_parsed_by_one_parser_each()
    {
        const string Sysctl = "machdep.cpu.vendor = GenuineIntel\nmachdep.cpu.vendor: later\n";
        const string CpuInfo = "processor\t: 0\nvendor_id\t: GenuineIntel\n\nprocessor\t: 1\nvendor_id\t: other\n";

        Assert.Equal("GenuineIntel", CpuFactsReader.ParseSysctl(Sysctl)["machdep.cpu.vendor"]);
        Assert.Equal("GenuineIntel", CpuFactsReader.ParseCpuInfo(CpuInfo)["vendor_id"]);
    }
}
