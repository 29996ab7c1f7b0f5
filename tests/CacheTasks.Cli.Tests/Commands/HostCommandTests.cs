using System.Text.Json;
using CacheTasks.Cli.Tests.Infrastructure;
using CacheTasks.Platform;

namespace CacheTasks.Cli.Tests.Commands;

/// <summary><c>cachetasks host</c>: real machines' files in, the arch and how it was found out.</summary>
public sealed class HostCommandTests
{
    [Theory]
    [MemberData(nameof(Machines.Names), MemberType = typeof(Machines))]
    public void Host_reports_the_arch_archspec_reports_for_a_real_machine(string name)
    {
        var machine = Machines.Get(name);

        var result = CliRunner.Run(["host", .. machine.HostArguments()]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(machine.ExpectedArch, result.OutputLines[0]);
    }

    [Fact]
    public void The_text_explains_vendor_deciding_features_ancestors_and_ruled_out_targets()
    {
        var machine = Machines.Get("amd-zen3-epyc-7763");

        var result = CliRunner.Run(["host", .. machine.HostArguments()]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.OutputLines.Select(l => l.Trim()).ToList();
        Assert.Equal("linux-sles15-zen3", lines[0]);
        Assert.Contains(string.Format(CliMessages.HostOs, "sles15", string.Format(Messages.HostOsSourceOsRelease, "sles", "15.4")), lines);
        Assert.Contains(string.Format(CliMessages.HostVendor, "AuthenticAMD"), lines);
        Assert.Contains(string.Format(CliMessages.HostDecidedBy, "pku, vaes, vpclmulqdq", "zen3", "zen2"), lines);
        Assert.Contains(string.Format(CliMessages.HostAncestors, "zen2, zen, x86_64_v3, x86_64_v2, x86_64"), lines);
        Assert.Contains(lines, l => l.StartsWith(string.Format(CliMessages.HostRuledOutMissing, "zen4", "avx512_bf16"), StringComparison.Ordinal));
        var table = MicroarchitectureTable.Embedded;
        var intelTargets = table.Targets.Count(t => t.Vendor == "GenuineIntel" && table.AncestorsOf(t.Name).Contains("x86_64"));
        Assert.Contains(string.Format(CliMessages.HostRuledOutVendors, intelTargets, "GenuineIntel"), lines);
    }

    [Fact]
    public void A_target_that_only_combines_its_parents_is_explained_by_vendor_and_parents()
    {
        var machine = Machines.Get("intel-haswell-aws-m4-xeon-e5-2676v3");

        var result = CliRunner.Run(["host", .. machine.HostArguments()]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(string.Format(CliMessages.HostDecidedByParents, "GenuineIntel", "ivybridge, x86_64_v3"), result.OutputLines.Select(l => l.Trim()));
    }

    [Fact]
    public void Json_output_gives_scripts_every_part_of_the_explanation()
    {
        var machine = Machines.Get("intel-icelake-aws-m6i-xeon-8375c");

        var result = CliRunner.Run(["host", "--json", .. machine.HostArguments()]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("linux-rhel9-icelake", root.GetProperty("arch").GetString());
        Assert.Equal("rhel9", root.GetProperty("os").GetString());
        Assert.Equal("GenuineIntel", root.GetProperty("vendor").GetString());
        Assert.Equal("x86_64", root.GetProperty("family").GetString());
        Assert.Contains("avx512_vnni", root.GetProperty("features").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["cannonlake", "cascadelake"], root.GetProperty("ancestors").EnumerateArray().Take(2).Select(e => e.GetString()).Order());
        var ruledOut = root.GetProperty("ruledOut").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e);
        Assert.Equal("missingFeatures", ruledOut["sapphirerapids"].GetProperty("reason").GetString());
        Assert.Contains("amx_tile", ruledOut["sapphirerapids"].GetProperty("details").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("otherVendor", ruledOut["zen4"].GetProperty("reason").GetString());
        Assert.Equal("lessSpecific", ruledOut["skylake_avx512"].GetProperty("reason").GetString());
    }

    [Fact]
    public void An_arm_machine_is_explained_with_its_vendor_and_cpu_part()
    {
        var machine = Machines.Get("aws-graviton2-m6g");

        var result = CliRunner.Run(["host", "--json", .. machine.HostArguments()]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("ARM", json.RootElement.GetProperty("vendor").GetString());
        Assert.Equal("0xd0c", json.RootElement.GetProperty("cpuPart").GetString());
        Assert.Equal("aarch64", json.RootElement.GetProperty("family").GetString());
        Assert.Equal("amzn2023", json.RootElement.GetProperty("os").GetString());
    }

    [Fact]
    public void A_power_machine_is_explained_with_its_generation()
    {
        var machine = Machines.Get("ibm-power9-ac922");

        var result = CliRunner.Run(["host", "--json", .. machine.HostArguments()]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(9, json.RootElement.GetProperty("generation").GetInt32());
        Assert.Equal("ppc64le", json.RootElement.GetProperty("family").GetString());
        Assert.Equal("IBM", json.RootElement.GetProperty("vendor").GetString());
    }

    [Fact]
    public void A_mac_is_explained_from_its_sysctl_with_the_os_named_by_its_macos_version()
    {
        var machine = Machines.Get("apple-m4-macmini");

        var result = CliRunner.Run(["host", "--json", .. machine.HostArguments()]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("darwin", json.RootElement.GetProperty("platform").GetString());
        Assert.Equal("tahoe", json.RootElement.GetProperty("os").GetString());
        Assert.Equal("aarch64", json.RootElement.GetProperty("family").GetString());
        Assert.Equal(string.Format(Messages.HostOsSourceMacOS, "26.1"), json.RootElement.GetProperty("osSource").GetString());
    }

    [Fact]
    public void Without_files_it_explains_this_machine_as_a_build_would_detect_it()
    {
        var result = CliRunner.Run("host");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(HostDetector.Detect(HostFacts.FromCurrentMachine(), MicroarchitectureTable.Embedded).Arch.ToString(), result.OutputLines[0]);
        Assert.Empty(result.Error);
    }

    [Fact]
    public void Cpuinfo_and_sysctl_together_are_bad_input()
    {
        var linux = Machines.Get("amd-zen2-aws-c5a-epyc-7r32");
        var mac = Machines.Get("apple-m1-macbookair");

        var result = CliRunner.Run("host", "--cpuinfo", linux.CpuInfo!, "--sysctl", mac.Sysctl!);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(CliMessages.CpuInfoAndSysctl, result.ErrorLines);
        Assert.Contains(string.Format(CliMessages.UsageHint, "cachetasks host"), result.ErrorLines);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_file_that_does_not_exist_is_bad_input()
    {
        var result = CliRunner.Run("host", "--cpuinfo", "/no/such/cpuinfo");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.Contains("/no/such/cpuinfo", StringComparison.Ordinal));
        Assert.Empty(result.Output);
    }
}
