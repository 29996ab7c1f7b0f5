namespace CacheTasks.Platform;

/// <summary>
/// Builds the <see cref="HostFacts"/> of another machine from files copied off it: a Linux
/// <c>/proc/cpuinfo</c>, a macOS <c>sysctl -a</c> output, an <c>os-release</c>. What the files do
/// not say stays unknown. Only the architecture family, when no file tells it, is the running
/// machine's.
/// </summary>
public static class HostFactsReader
{
    public const string MacOSVersionKey = "kern.osproductversion";
    public const string BrandStringKey = CpuFactsReader.BrandStringKey;
    public const string MachineKey = "hw.machine";

    public static HostFacts FromTexts(string? cpuInfoText, string? sysctlText, string? osReleaseText)
    {
        if (sysctlText is not null)
        {
            var sysctl = CpuFactsReader.ParseSysctl(sysctlText);
            sysctl.TryGetValue(MacOSVersionKey, out var macOSVersion);
            return new HostFacts("darwin", DarwinFamily(sysctl), osReleaseText, cpuInfoText, MacOSVersion: macOSVersion) { SysctlText = sysctlText };
        }

        return new HostFacts("linux", LinuxFamily(cpuInfoText), osReleaseText, cpuInfoText);
    }

    // As archspec: an "Apple" brand string is Apple silicon whatever the process architecture says.
    private static string DarwinFamily(Dictionary<string, string> sysctl)
    {
        if (CpuFactsReader.IsAppleBrand(sysctl))
        {
            return "aarch64";
        }

        return sysctl.TryGetValue(MachineKey, out var machine) && machine is "arm64" or "aarch64" ? "aarch64" : "x86_64";
    }

    // Each architecture's kernel writes its own cpuinfo fields; they tell the family apart.
    private static string LinuxFamily(string? cpuInfoText)
    {
        var cpu = CpuFactsReader.ParseCpuInfo(cpuInfoText);
        if (cpu.ContainsKey("vendor_id") || cpu.ContainsKey("flags"))
        {
            return "x86_64";
        }

        if (cpu.ContainsKey("CPU implementer") || cpu.ContainsKey("Features"))
        {
            return "aarch64";
        }

        if (cpu.TryGetValue("cpu", out var power) && power.StartsWith("POWER", StringComparison.Ordinal))
        {
            // cpuinfo does not say the byte order; Linux distributions for POWER8 and later are little-endian.
            return "ppc64le";
        }

        if (cpu.TryGetValue("isa", out var isa) && isa.StartsWith("rv64", StringComparison.Ordinal))
        {
            return "riscv64";
        }

        return cpuInfoText is null ? HostFacts.FromCurrentMachine().MachineFamily : "x86_64";
    }
}
