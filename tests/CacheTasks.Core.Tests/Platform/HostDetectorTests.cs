using CacheTasks.Platform;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Platform;

/// <summary>
/// Host detection fed with what real machines report (Platform/Data: /proc/cpuinfo, os-release
/// and sysctl texts), checked against the arch archspec / <c>spack arch</c> gives for them.
/// </summary>
public sealed class HostDetectorTests
{
    private static readonly MicroarchitectureTable Table = MicroarchitectureTable.Embedded;

    private static string Data(string name) => File.ReadAllText(TestEnvironment.Repository("tests", "CacheTasks.Core.Tests", "Platform", "Data", name));

    [Theory]
    [InlineData("cpuinfo-sapphirerapids.txt", "x86_64", "sapphirerapids")]
    [InlineData("cpuinfo-zen4.txt", "x86_64", "zen4")]
    [InlineData("cpuinfo-graviton3.txt", "aarch64", "neoverse_v1")]
    [InlineData("cpuinfo-power9.txt", "ppc64le", "power9le")]
    public void Linux_cpuinfo_gives_the_target_archspec_gives(string cpuinfo, string family, string target)
    {
        var facts = new HostFacts("linux", family, Data("os-release-ubuntu24.04.txt"), Data(cpuinfo));

        var detected = HostDetector.Detect(facts, Table);

        Assert.Equal(new SpackArch("linux", "ubuntu24.04", target), detected.Arch);
        Assert.Contains(target, detected.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Apple_M2_is_m2_on_its_macOS_release()
    {
        var facts = new HostFacts("darwin", "aarch64", null, null, MacOSVersion: "14.5") { SysctlText = Data("sysctl-apple-m2.txt") };

        var detected = HostDetector.Detect(facts, Table);

        Assert.Equal(new SpackArch("darwin", "sonoma", "m2"), detected.Arch);
        Assert.Equal(string.Format(Messages.HostOsFromMacOS, "sonoma", "14.5") + "; " + string.Format(Messages.HostTargetAppleModel, "m2", "m2", string.Format(Messages.HostSourceAppleBrand, "Apple M2")), detected.Explanation);
    }

    [Theory]
    [InlineData("Apple M2 Pro", "m2")]
    [InlineData("Apple M1 Max", "m1")]
    [InlineData("Apple processor", "m1")]
    [InlineData("Apple M99", "m4")]
    public void Apple_brands_count_down_to_the_newest_M_series_the_table_knows(string brand, string target)
    {
        var facts = new HostFacts("darwin", "x86_64", null, null, MacOSVersion: "15.1") { SysctlText = "machdep.cpu.brand_string: " + brand + "\n" };

        var detected = HostDetector.Detect(facts, Table);

        // The brand says Apple silicon even when the process runs translated as x86_64.
        Assert.Equal(new SpackArch("darwin", "sequoia", target), detected.Arch);
    }

    [Fact]
    public void An_Intel_Mac_reads_its_flags_from_sysctl_with_the_darwin_spellings()
    {
        // A Kaby Lake MacBook Pro: sysctl spells sse4.2 and avx1.0 its own way.
        const string sysctl = """
            machdep.cpu.brand_string: Intel(R) Core(TM) i7-7820HQ CPU @ 2.90GHz
            machdep.cpu.vendor: GenuineIntel
            machdep.cpu.features: FPU VME DE PSE TSC MSR PAE MCE CX8 APIC SEP MTRR PGE MCA CMOV PAT PSE36 CLFSH DS ACPI MMX FXSR SSE SSE2 SS HTT TM PBE SSE3 PCLMULQDQ DTES64 MON DSCPL VMX SMX EST TM2 SSSE3 FMA CX16 TPR PDCM SSE4.1 SSE4.2 x2APIC MOVBE POPCNT AES PCID XSAVE OSXSAVE SEGLIM64 TSCTMR AVX1.0 RDRAND F16C
            machdep.cpu.leaf7_features: RDWRFSGS TSC_THREAD_OFFSET SGX BMI1 HLE AVX2 SMEP BMI2 ERMS INVPCID RTM FPU_CSDS MPX RDSEED ADX SMAP CLFSOPT IPT SGXLC MDCLEAR TSXFA IBRS STIBP L1DF SSBD
            machdep.cpu.extfeatures: SYSCALL XD 1GBPAGE EM64T LAHF LZCNT PREFETCHW RDTSCP TSCI
            """;
        var facts = new HostFacts("darwin", "x86_64", null, null, MacOSVersion: "13.6") { SysctlText = sysctl };

        var detected = HostDetector.Detect(facts, Table);

        Assert.Equal(new SpackArch("darwin", "ventura", "skylake"), detected.Arch);
    }

    [Theory]
    [InlineData("os-release-ubuntu24.04.txt", "ubuntu24.04")]
    [InlineData("os-release-rhel8.txt", "rhel8")]
    [InlineData("os-release-rocky9.txt", "rocky9")]
    [InlineData("os-release-almalinux9.txt", "almalinux9")]
    [InlineData("os-release-sles15.txt", "sles15")]
    [InlineData("os-release-amzn2.txt", "amzn2")]
    [InlineData("os-release-debian12.txt", "debian12")]
    public void The_os_is_named_as_Spack_names_the_distro(string osRelease, string os)
    {
        var facts = new HostFacts("linux", "x86_64", Data(osRelease), Data("cpuinfo-zen4.txt"));

        Assert.Equal(os, HostDetector.DetectOs(facts));
    }

    [Theory]
    [InlineData("ID=\"opensuse-leap\"\nVERSION_ID=\"15.5\"\n", "opensuse_leap15")]
    [InlineData("ID=fedora\nVERSION_ID=40\n", "fedora40")]
    [InlineData("ID=ubuntu\nVERSION_ID=\"22.04\"\n", "ubuntu22.04")]
    [InlineData("ID=\"centos\"\nVERSION_ID=\"7\"\n", "centos7")]
    [InlineData("ID=\"ol\"\nVERSION_ID=\"8.9\"\n", "ol8")]
    [InlineData("ID=\"amzn\"\nVERSION_ID=\"2023\"\n", "amzn2023")]
    public void Other_distros_follow_Spacks_naming(string osRelease, string os)
    {
        Assert.Equal(os, HostDetector.DetectOs(new HostFacts("linux", "x86_64", osRelease, null)));
    }

    [Theory]
    [InlineData("10.0.20348", "windows10.0.20348")]
    [InlineData("10.0.22631.0", "windows10.0.22631")]
    public void Windows_is_named_by_its_version_as_the_catalog_writes_it(string version, string os)
    {
        Assert.Equal(os, HostDetector.DetectOs(new HostFacts("windows", "x86_64", null, null, WindowsVersion: version)));
    }

    [Fact]
    public void A_CPU_missing_one_niche_feature_still_gets_the_best_generic_level()
    {
        // Sapphire Rapids with AMX switched off: not sapphirerapids, but nothing below x86_64_v4's line either.
        var cpuinfo = Data("cpuinfo-sapphirerapids.txt").Replace(" amx_tile", string.Empty);
        var facts = new HostFacts("linux", "x86_64", Data("os-release-ubuntu24.04.txt"), cpuinfo);

        var detected = HostDetector.Detect(facts, Table);

        Assert.Equal("icelake", detected.Arch.Target);
    }

    [Fact]
    public void An_aarch64_core_without_a_known_part_is_chosen_by_its_features()
    {
        // Graviton 3's features with an unknown part number: still neoverse_v1 by features and vendor.
        var cpuinfo = Data("cpuinfo-graviton3.txt").Replace("0xd40", "0xfff");
        var facts = new HostFacts("linux", "aarch64", Data("os-release-amzn2.txt"), cpuinfo);

        Assert.Equal(new SpackArch("linux", "amzn2", "neoverse_v1"), HostDetector.Detect(facts, Table).Arch);
    }

    [Fact]
    public void Emulated_POWER_without_a_generation_is_the_generic_family()
    {
        var facts = new HostFacts("linux", "ppc64le", Data("os-release-ubuntu24.04.txt"), "processor\t: 0\ncpu\t\t: unknown\n");

        Assert.Equal("ppc64le", HostDetector.Detect(facts, Table).Arch.Target);
    }

    [Fact]
    public void No_cpuinfo_gives_the_generic_family_and_says_why()
    {
        var detected = HostDetector.Detect(new HostFacts("linux", "x86_64", null, null), Table);

        Assert.Equal(new SpackArch("linux", "linux", "x86_64"), detected.Arch);
        Assert.Equal(Messages.HostOsNoOsRelease + "; " + string.Format(Messages.HostTargetGeneric, "x86_64", Messages.HostTargetNoCpuFacts), detected.Explanation);
    }
}
