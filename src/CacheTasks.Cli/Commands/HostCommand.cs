using System.CommandLine;
using CacheTasks.Cli.Output;
using CacheTasks.Platform;

namespace CacheTasks.Cli.Commands;

/// <summary><c>cachetasks host [--cpuinfo FILE] [--sysctl FILE] [--os-release FILE] [--json]</c>.</summary>
internal static class HostCommand
{
    public static Command Create()
    {
        var cpuInfo = new Option<FileInfo>("--cpuinfo") { Description = Messages.CliCpuInfoOption, HelpName = "FILE" }.AcceptExistingOnly();
        var sysctl = new Option<FileInfo>("--sysctl") { Description = Messages.CliSysctlOption, HelpName = "FILE" }.AcceptExistingOnly();
        var osRelease = new Option<FileInfo>("--os-release") { Description = Messages.CliOsReleaseOption, HelpName = "FILE" }.AcceptExistingOnly();
        var json = new Option<bool>("--json") { Description = Messages.CliJsonOption };

        var command = new Command("host", Messages.CliHostDescription) { cpuInfo, sysctl, osRelease, json };
        command.Validators.Add(result =>
        {
            if (result.GetResult(cpuInfo) is not null && result.GetResult(sysctl) is not null)
            {
                result.AddError(Messages.CliCpuInfoAndSysctl);
            }
        });
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var cpuInfoFile = parse.GetValue(cpuInfo);
            var sysctlFile = parse.GetValue(sysctl);
            var osReleaseFile = parse.GetValue(osRelease);
            HostFacts facts;
            try
            {
                facts = cpuInfoFile is null && sysctlFile is null && osReleaseFile is null
                    ? HostFacts.FromCurrentMachine()
                    : HostFactsReader.FromTexts(Read(cpuInfoFile), Read(sysctlFile), Read(osReleaseFile));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                parse.InvocationConfiguration.Error.WriteLine(string.Format(Messages.CliCannotRead, e.Message));
                return ExitCodes.BadInput;
            }

            var explanation = HostExplainer.Explain(facts, MicroarchitectureTable.Embedded);
            if (parse.GetValue(json))
            {
                HostWriter.WriteJson(output, explanation);
            }
            else
            {
                HostWriter.WriteText(output, explanation, MicroarchitectureTable.Embedded);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string? Read(FileInfo? file) => file is null ? null : File.ReadAllText(file.FullName);
}
