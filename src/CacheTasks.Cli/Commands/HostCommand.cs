using System.CommandLine;
using CacheTasks.Cli.Output;
using CacheTasks.Platform;

namespace CacheTasks.Cli.Commands;

/// <summary><c>cachetasks host [--cpuinfo FILE] [--sysctl FILE] [--os-release FILE] [--json]</c>.</summary>
internal static class HostCommand
{
    public static Command Create()
    {
        var cpuInfo = new Option<FileInfo>("--cpuinfo") { Description = CliMessages.CpuInfoOption, HelpName = "FILE" }.AcceptExistingOnly();
        var sysctl = new Option<FileInfo>("--sysctl") { Description = CliMessages.SysctlOption, HelpName = "FILE" }.AcceptExistingOnly();
        var osRelease = new Option<FileInfo>("--os-release") { Description = CliMessages.OsReleaseOption, HelpName = "FILE" }.AcceptExistingOnly();
        var json = new Option<bool>("--json") { Description = CliMessages.JsonOption };

        var command = new Command("host", CliMessages.HostDescription) { cpuInfo, sysctl, osRelease, json };
        command.Validators.Add(result =>
        {
            if (result.GetResult(cpuInfo) is not null && result.GetResult(sysctl) is not null)
            {
                result.AddError(CliMessages.CpuInfoAndSysctl);
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
                parse.InvocationConfiguration.Error.WriteLine(string.Format(CliMessages.CannotRead, e.Message));
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
