using System.Runtime.InteropServices;

namespace CacheTasks.Platform;

/// <summary>
/// The raw facts host detection reads. Taken from the running machine by
/// <see cref="FromCurrentMachine"/>, or given by tests and by the CLI to explain another machine.
/// </summary>
public sealed record HostFacts(
    string Platform,
    string MachineFamily,
    string? OsReleaseText,
    string? CpuInfoText,
    string? MacOSVersion = null,
    string? WindowsVersion = null)
{
    /// <summary>A macOS <c>sysctl -a</c> text (<c>machdep.cpu.*</c>, <c>hw.optional.*</c>), when known.</summary>
    public string? SysctlText { get; init; }

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
            return new HostFacts("windows", family, null, null, WindowsVersion: Environment.OSVersion.Version.ToString());
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            return new HostFacts("darwin", family, null, null, MacOSVersion: Environment.OSVersion.Version.ToString());
        }

        return new HostFacts("linux", family, ReadOrNull("/etc/os-release") ?? ReadOrNull("/usr/lib/os-release"), ReadOrNull("/proc/cpuinfo"));
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
