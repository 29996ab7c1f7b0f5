namespace CacheTasks.Cli.Tests.Infrastructure;

/// <summary>
/// Real machines' files (Data/machines/NAME/cpuinfo or sysctl, and os-release) and the arch
/// archspec reports for each: its rules (archspec/cpu/detect.py: vendor, features, CPU part,
/// POWER generation, Apple model from the brand string, and "descendant of the best generic
/// target") applied to the microarchitectures.json CacheTasks embeds, with Spack's os names.
/// </summary>
internal static class Machines
{
    public static readonly IReadOnlyList<Machine> All =
    [
        new("intel-haswell-aws-m4-xeon-e5-2676v3", "linux-debian12-haswell"),
        new("intel-skylake-x-core-i9-7940x", "linux-ubuntu22.04-skylake_avx512"),
        new("intel-cascadelake-aws-m5-xeon-8259cl", "linux-amzn2023-cascadelake"),
        new("intel-icelake-aws-m6i-xeon-8375c", "linux-rhel9-icelake"),
        new("intel-sapphirerapids-aws-m7i-xeon-8488c", "linux-ubuntu24.04-sapphirerapids"),
        new("amd-zen2-aws-c5a-epyc-7r32", "linux-amzn2023-zen2"),
        new("amd-zen3-epyc-7763", "linux-sles15-zen3"),
        new("amd-zen4-epyc-9654", "linux-rocky9-zen4"),
        new("amd-zen4-cloud-vm-without-pku", "linux-debian12-x86_64_v4"),
        new("aws-graviton2-m6g", "linux-amzn2023-neoverse_n1"),
        new("aws-graviton3-c7g", "linux-ubuntu22.04-neoverse_v1"),
        new("aws-graviton4-r8g", "linux-ubuntu24.04-neoverse_v2"),
        new("ampere-altra-q80-30", "linux-ol8-neoverse_n1"),
        new("fujitsu-a64fx", "linux-rhel8-a64fx"),
        new("ibm-power9-ac922", "linux-rhel8-power9le"),
        new("apple-m1-macbookair", "darwin-sonoma-m1"),
        new("apple-m2-pro-macmini", "darwin-ventura-m2"),
        new("apple-m3-max-macbookpro", "darwin-sequoia-m3"),
        new("apple-m4-macmini", "darwin-tahoe-m4"),
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var machine in All)
        {
            data.Add(machine.Name);
        }

        return data;
    }

    public static Machine Get(string name) => All.Single(m => m.Name == name);
}

/// <summary>One machine's files and the arch archspec reports for it.</summary>
internal sealed record Machine(string Name, string ExpectedArch)
{
    public string Folder => Path.Combine(AppContext.BaseDirectory, "Data", "machines", Name);

    public string? CpuInfo => File(Path.Combine(Folder, "cpuinfo"));

    public string? Sysctl => File(Path.Combine(Folder, "sysctl"));

    public string? OsRelease => File(Path.Combine(Folder, "os-release"));

    /// <summary>The <c>cachetasks host</c> options that point at this machine's files.</summary>
    public string[] HostArguments()
    {
        var arguments = new List<string>();
        if (CpuInfo is not null)
        {
            arguments.AddRange(["--cpuinfo", CpuInfo]);
        }

        if (Sysctl is not null)
        {
            arguments.AddRange(["--sysctl", Sysctl]);
        }

        if (OsRelease is not null)
        {
            arguments.AddRange(["--os-release", OsRelease]);
        }

        return [.. arguments];
    }

    private static string? File(string path) => System.IO.File.Exists(path) ? path : null;
}
