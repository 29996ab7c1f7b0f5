using CacheTasks.Platform;

namespace CacheTasks.Core.Tests.Platform;

/// <summary>Another machine's facts from its files: the platform and family the files imply, the macOS version from sysctl.</summary>
public sealed class HostFactsReaderTests
{
    [Theory]
    [InlineData("processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu sse sse2\n", "x86_64")]
    [InlineData("processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd\nCPU implementer\t: 0x41\nCPU part\t: 0xd0c\n", "aarch64")]
    [InlineData("processor\t: 0\ncpu\t\t: POWER9, altivec supported\n", "ppc64le")]
    [InlineData("processor\t: 0\nhart\t\t: 0\nisa\t\t: rv64imafdc\n", "riscv64")]
    public void A_cpuinfo_is_a_linux_machine_of_the_family_its_fields_belong_to(string cpuInfo, string family)
    {
        var facts = HostFactsReader.FromTexts(cpuInfo, null, "ID=ubuntu\nVERSION_ID=\"24.04\"\n");

        Assert.Equal("linux", facts.Platform);
        Assert.Equal(family, facts.MachineFamily);
        Assert.Equal("ubuntu24.04", HostDetector.DetectOs(facts));
    }

    [Theory]
    [InlineData("machdep.cpu.brand_string: Apple M2 Pro\nkern.osproductversion: 13.6.7\nhw.machine: arm64\n", "aarch64", "ventura")]
    [InlineData("machdep.cpu.brand_string = Apple M1\nkern.osproductversion = 11.7\n", "aarch64", "bigsur")]
    [InlineData("machdep.cpu.brand_string: Intel(R) Core(TM) i9-9880H CPU @ 2.30GHz\nmachdep.cpu.vendor: GenuineIntel\nkern.osproductversion: 14.4\nhw.machine: x86_64\n", "x86_64", "sonoma")]
    public void A_sysctl_is_a_mac_named_by_its_macos_version_in_either_output_format(string sysctl, string family, string os)
    {
        var facts = HostFactsReader.FromTexts(null, sysctl, null);

        Assert.Equal("darwin", facts.Platform);
        Assert.Equal(family, facts.MachineFamily);
        Assert.Equal(os, HostDetector.DetectOs(facts));
        Assert.Equal(sysctl, facts.SysctlText);
    }

    [Fact]
    public void The_first_value_of_a_repeated_sysctl_key_wins_and_values_keep_their_colons()
    {
        var values = CpuFactsReader.ParseSysctl("kern.version: Darwin Kernel Version 23.5.0: Wed May  1 20:12:58 PDT 2024\nkern.version: later\n");

        Assert.Equal("Darwin Kernel Version 23.5.0: Wed May  1 20:12:58 PDT 2024", values["kern.version"]);
    }
}
