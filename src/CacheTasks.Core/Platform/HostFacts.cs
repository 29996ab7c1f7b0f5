using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CacheTasks.Platform;

/// <summary>
/// The raw facts host detection reads, as the machine gives them: <c>/etc/os-release</c> and
/// <c>/proc/cpuinfo</c> on Linux, <c>sysctl</c> output and the product version on macOS, the
/// version on Windows. Taken from the running machine by <see cref="FromCurrentMachine"/>, or given
/// by tests (and the CLI) to explain another machine.
/// </summary>
/// <param name="Platform"><c>linux</c>, <c>darwin</c> or <c>windows</c>.</param>
/// <param name="MachineFamily">The architecture family: <c>x86_64</c>, <c>aarch64</c>, <c>ppc64le</c>, …</param>
/// <param name="OsReleaseText">The text of os-release (Linux).</param>
/// <param name="CpuInfoText">The text of /proc/cpuinfo (Linux).</param>
/// <param name="MacOSVersion">The macOS product version, e.g. <c>14.5</c>.</param>
/// <param name="WindowsVersion">The Windows version, e.g. <c>10.0.20348</c>.</param>
public sealed record HostFacts(
    string Platform,
    string MachineFamily,
    string? OsReleaseText,
    string? CpuInfoText,
    string? MacOSVersion = null,
    string? WindowsVersion = null)
{
    /// <summary>
    /// macOS: <c>sysctl</c> output as <c>key: value</c> lines, at least <see cref="SysctlKeys"/>
    /// (<c>sysctl -a</c> output will do).
    /// </summary>
    public string? SysctlText { get; init; }

    /// <summary>Where <see cref="CpuInfoText"/> came from, for the log: <c>/proc/cpuinfo</c> unless said otherwise (<c>cpuid</c> on Windows).</summary>
    public string? CpuInfoSource { get; init; }

    /// <summary>The sysctl keys archspec reads on macOS.</summary>
    public static IReadOnlyList<string> SysctlKeys { get; } =
        ["machdep.cpu.brand_string", "machdep.cpu.vendor", "machdep.cpu.features", "machdep.cpu.leaf7_features", "machdep.cpu.extfeatures"];

    public static HostFacts FromCurrentMachine()
    {
        var family = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x86_64",
            Architecture.Arm64 => "aarch64",
            Architecture.X86 => "x86",
            Architecture.Arm => "arm",
            var other => other.ToString().ToLowerInvariant() switch
            {
                "ppc64le" => "ppc64le",
                "s390x" => "s390x",
                "riscv64" => "riscv64",
                var name => name,
            },
        };

        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            // Spack names the os windows<major>.<minor>.<build>, e.g. windows10.0.20348.
            // No /proc/cpuinfo: archspec runs cpuid on Windows, and so does CacheTasks' .NET 8 build.
            var version = Environment.OSVersion.Version;
            var cpuid = family == "x86_64" ? Cpuid.ReadAsCpuInfo() : null;
            return new HostFacts("windows", family, null, cpuid, WindowsVersion: $"{version.Major}.{version.Minor}.{version.Build}") { CpuInfoSource = cpuid is null ? null : "cpuid" };
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            return new HostFacts("darwin", family, null, null, MacOSVersion: Environment.OSVersion.Version.ToString()) { SysctlText = RunSysctl() };
        }

        return new HostFacts("linux", family, ReadOrNull("/etc/os-release") ?? ReadOrNull("/usr/lib/os-release"), ReadOrNull("/proc/cpuinfo"));
    }

    private static string? RunSysctl()
    {
        // -i: keys that do not exist (Intel keys on Apple silicon) are left out instead of failing.
        foreach (var sysctl in new[] { "/usr/sbin/sysctl", "/sbin/sysctl", "sysctl" })
        {
            try
            {
                var start = new ProcessStartInfo(sysctl, "-i " + string.Join(" ", SysctlKeys))
                {
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                    CreateNoWindow = true,
                };
                using var process = Process.Start(start);
                if (process is null)
                {
                    continue;
                }

                var output = process.StandardOutput.ReadToEnd();
                process.WaitForExit(5000);
                return output;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
            {
                // Not at this path: try the next one; without sysctl the target is the generic family.
            }
        }

        return null;
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
