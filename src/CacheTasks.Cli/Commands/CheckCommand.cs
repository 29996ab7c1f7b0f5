using System.CommandLine;
using CacheTasks.Cli.Output;
using CacheTasks.Coverage;

namespace CacheTasks.Cli.Commands;

/// <summary>
/// <c>cachetasks check --catalog SRC [--arch A]... [--stack S] [--env spack.yaml]... [--threshold N]
/// [--missing-severity S] [--report-dir DIR] [--format json,md,html,sarif] [--json] SPEC...</c>.
/// </summary>
internal static class CheckCommand
{
    private static readonly char[] ListSeparators = [';', ','];

    public static Command Create()
    {
        var specs = new Argument<string[]>("SPEC") { Description = Messages.CliSpecArgument, Arity = ArgumentArity.ZeroOrMore };
        var catalog = new Option<string[]>("--catalog") { Description = Messages.CliCatalogOption, HelpName = "SRC", Required = true };
        var arch = new Option<string[]>("--arch") { Description = Messages.CliArchOption, HelpName = "ARCH" };
        var stack = new Option<string>("--stack") { Description = Messages.CliStackOption, HelpName = "STACK" };
        var env = new Option<string[]>(CheckWiring.EnvOption) { Description = Messages.CliEnvOption, HelpName = "spack.yaml" };
        var threshold = new Option<string>(CheckWiring.ThresholdOption) { Description = Messages.CliThresholdOption, HelpName = "PERCENT" };
        var severity = new Option<string>("--missing-severity") { Description = Messages.CliMissingSeverityOption, HelpName = "SEVERITY" };
        var reportDir = new Option<string>("--report-dir") { Description = Messages.CliReportDirOption, HelpName = "DIR" };
        var format = new Option<string[]>("--format") { Description = Messages.CliFormatOption, HelpName = "FORMATS" };
        var json = new Option<bool>("--json") { Description = Messages.CliJsonOption };

        var command = new Command("check", Messages.CliCheckDescription) { specs, catalog, arch, stack, env, threshold, severity, reportDir, format, json };
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = new CheckArguments(
                parse.GetValue(specs) ?? [],
                Split(parse.GetValue(catalog), [';']),
                Split(parse.GetValue(arch), [';']),
                parse.GetValue(stack),
                parse.GetValue(env) ?? [],
                parse.GetValue(threshold),
                parse.GetValue(severity),
                parse.GetValue(reportDir),
                Split(parse.GetValue(format), ListSeparators));
            return Task.FromResult(Run(arguments, parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        });
        return command;
    }

    internal static int Run(CheckArguments arguments, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var options = CheckWiring.ToRunOptions(arguments, out var unsupported);
        if (unsupported.Count > 0)
        {
            foreach (var option in unsupported)
            {
                error.WriteLine(string.Format(Messages.CliNotAvailable, option));
            }

            return ExitCodes.BadInput;
        }

        if (arguments.Specs.Count == 0 && arguments.Environments.Count == 0)
        {
            error.WriteLine(Messages.CliNoRequirements);
            return ExitCodes.BadInput;
        }

        var run = CoverageRun.Execute(options, cancellationToken);
        DiagnosticWriter.Write(error, run.Diagnostics);
        CheckWriter.Write(output, run, json);
        return ExitCodes.For(run.Diagnostics);
    }

    private static string[] Split(string[]? values, char[] separators) =>
        (values ?? []).SelectMany(v => v.Split(separators)).Select(v => v.Trim()).Where(v => v.Length > 0).ToArray();
}
