using System.CommandLine;
using CacheTasks.Cli.Output;
using CacheTasks.Run;

namespace CacheTasks.Cli.Commands;

/// <summary>
/// <c>cachetasks check --catalog SRC [--arch A]... [--stack S] [--env spack.yaml]... [--threshold N]
/// [--missing-severity S] [--report-dir DIR] [--format json,md,html,sarif] [--parsed-cache-dir DIR] [--json] SPEC...</c>.
/// </summary>
internal static class CheckCommand
{
    private static readonly char[] ListSeparators = [';', ','];

    public static Command Create()
    {
        var specs = new Argument<string[]>("SPEC") { Description = CliMessages.SpecArgument, Arity = ArgumentArity.ZeroOrMore };
        var catalog = new Option<string[]>("--catalog") { Description = CliMessages.CatalogOption, HelpName = "SRC", Required = true };
        var arch = new Option<string[]>("--arch") { Description = CliMessages.ArchOption, HelpName = "ARCH" };
        var stack = new Option<string>("--stack") { Description = CliMessages.StackOption, HelpName = "STACK" };
        var env = new Option<string[]>("--env") { Description = CliMessages.EnvOption, HelpName = "spack.yaml" };
        var threshold = new Option<string>("--threshold") { Description = CliMessages.ThresholdOption, HelpName = "PERCENT" };
        var severity = new Option<string>("--missing-severity") { Description = CliMessages.MissingSeverityOption, HelpName = "SEVERITY" };
        var reportDir = new Option<string>("--report-dir") { Description = CliMessages.ReportDirOption, HelpName = "DIR" };
        var format = new Option<string[]>("--format") { Description = CliMessages.FormatOption, HelpName = "FORMATS" };
        var json = new Option<bool>("--json") { Description = CliMessages.JsonOption };
        var useLockFile = new Option<string>("--use-lock-file") { Description = CliMessages.UseLockFileOption, HelpName = "true|false" };
        var microarchitectures = new Option<string>("--microarchitectures") { Description = CliMessages.MicroarchitecturesOption, HelpName = "FILE" };
        var osCompatibility = new Option<string>("--os-compatibility") { Description = CliMessages.OsCompatibilityOption, HelpName = "exact|libc" };
        var cacheDirectory = new Option<string>("--catalog-cache-dir") { Description = CliMessages.CatalogCacheDirOption, HelpName = "DIR" };
        var refresh = new Option<string>("--catalog-refresh") { Description = CliMessages.CatalogRefreshOption, HelpName = "auto|always|never" };
        var maxAge = new Option<string>("--catalog-max-age") { Description = CliMessages.CatalogMaxAgeOption, HelpName = "HH:MM:SS" };
        var timeout = new Option<string>("--catalog-timeout") { Description = CliMessages.CatalogTimeoutOption, HelpName = "SECONDS" };
        var parsedCache = new Option<string>("--parsed-cache-dir") { Description = CliMessages.CheckParsedCacheDirOption, HelpName = "DIR" };
        var baseline = new Option<string>("--baseline") { Description = CliMessages.BaselineOption, HelpName = "coverage.json" };
        var failOn = new Option<string>("--fail-on") { Description = CliMessages.FailOnOption, HelpName = "any|new" };
        var mirrorsConfig = new Option<string>("--mirrors-config") { Description = CliMessages.MirrorsConfigOption, HelpName = "FILE" };
        var tokenVariable = new Option<string>("--mirror-token-variable") { Description = CliMessages.MirrorTokenVariableOption, HelpName = "NAME" };
        var userVariable = new Option<string>("--mirror-user-variable") { Description = CliMessages.MirrorUserVariableOption, HelpName = "NAME" };
        var passwordVariable = new Option<string>("--mirror-password-variable") { Description = CliMessages.MirrorPasswordVariableOption, HelpName = "NAME" };

        var command = new Command("check", CliMessages.CheckDescription) { specs, catalog, arch, stack, env, threshold, severity, reportDir, format, json, useLockFile, microarchitectures, osCompatibility, cacheDirectory, refresh, maxAge, timeout, parsedCache, baseline, failOn, mirrorsConfig, tokenVariable, userVariable, passwordVariable };
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
                Split(parse.GetValue(format), ListSeparators))
            {
                UseLockFile = parse.GetValue(useLockFile),
                Microarchitectures = parse.GetValue(microarchitectures),
                OsCompatibility = parse.GetValue(osCompatibility),
                CatalogCacheDirectory = parse.GetValue(cacheDirectory),
                CatalogRefresh = parse.GetValue(refresh),
                CatalogMaxAge = parse.GetValue(maxAge),
                CatalogTimeout = parse.GetValue(timeout),
                ParsedCacheDirectory = parse.GetValue(parsedCache),
                Baseline = parse.GetValue(baseline),
                FailOn = parse.GetValue(failOn),
                MirrorsConfig = parse.GetValue(mirrorsConfig),
                MirrorTokenVariable = parse.GetValue(tokenVariable),
                MirrorUserVariable = parse.GetValue(userVariable),
                MirrorPasswordVariable = parse.GetValue(passwordVariable),
            };
            return Task.FromResult(Run(arguments, parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        });
        return command;
    }

    internal static int Run(CheckArguments arguments, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var options = CheckWiring.ToRunOptions(arguments);

        if (arguments.Specs.Count == 0 && arguments.Environments.Count == 0)
        {
            error.WriteLine(CliMessages.NoRequirements);
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
