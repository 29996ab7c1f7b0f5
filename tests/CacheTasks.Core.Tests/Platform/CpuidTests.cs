using System.Runtime.InteropServices;
using CacheTasks.Platform;

namespace CacheTasks.Core.Tests.Platform;

public sealed class CpuidTests
{
    [Fact]
    public void Set_bits_become_Linux_flag_names_and_unsupported_leaves_are_not_read()
    {
        // A CPU whose highest basic leaf is 7: leaf 0xD (xsaveopt) must not be trusted even if it answers.
        (uint, uint, uint, uint) Fake(uint leaf, uint subleaf) => (leaf, subleaf) switch
        {
            (0, 0) => (7, 0, 0, 0),
            (0x80000000, 0) => (0x80000001, 0, 0, 0),
            (1, 0) => (0, 0, (1u << 0) | (1u << 20) | (1u << 28), 1u << 26),
            (7, 0) => (0, 1u << 5, 0, 0),
            (0xD, 1) => (1, 0, 0, 0),
            (0x80000001, 0) => (0, 0, 1u << 5, 0),
            _ => (0, 0, 0, 0),
        };

        var flags = Cpuid.Flags(Fake);

        Assert.Equal(["abm", "avx", "avx2", "pni", "sse2", "sse4_2"], flags.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void On_this_machine_cpuid_agrees_with_proc_cpuinfo()
    {
        var cpuinfo = File.Exists("/proc/cpuinfo") ? File.ReadAllText("/proc/cpuinfo") : null;
        if (RuntimeInformation.OSArchitecture != Architecture.X64 || cpuinfo is null)
        {
            Assert.Skip("needs an x86_64 Linux machine to compare cpuid with /proc/cpuinfo");
        }

        var fromCpuid = Cpuid.ReadAsCpuInfo()!;
        var table = MicroarchitectureTable.Embedded;
        var viaCpuid = HostDetector.Detect(new HostFacts("linux", "x86_64", null, fromCpuid) { CpuInfoSource = "cpuid" }, table);
        var viaProc = HostDetector.Detect(new HostFacts("linux", "x86_64", null, cpuinfo), table);

        // The kernel may hide a flag cpuid reports, never the other way round.
        var proc = CpuFactsReader.ParseCpuInfo(cpuinfo)["flags"].Split(' ').ToHashSet();
        var cpuid = CpuFactsReader.ParseCpuInfo(fromCpuid)["flags"].Split(' ').ToHashSet();
        var known = table.Targets.Where(t => table.FamilyOf(t.Name) == "x86_64").SelectMany(t => t.Features).Append("pni").ToHashSet();
        Assert.Subset(cpuid, proc.Where(known.Contains).ToHashSet());
        Assert.Equal(CpuFactsReader.ParseCpuInfo(cpuinfo)["vendor_id"], CpuFactsReader.ParseCpuInfo(fromCpuid)["vendor_id"]);
        Assert.True(viaCpuid.Arch.Target == viaProc.Arch.Target || table.RunsOn(viaProc.Arch.Target, viaCpuid.Arch.Target), $"{viaCpuid.Arch.Target} vs {viaProc.Arch.Target}");
    }
}
