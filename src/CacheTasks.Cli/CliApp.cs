using System.CommandLine;
using System.CommandLine.Help;
using CacheTasks.Cli.Commands;
using CacheTasks.Cli.Output;
using CacheTasks.Diagnostics;

namespace CacheTasks.Cli;

/// <summary>The <c>cachetasks</c> command line: its commands, and how a parse becomes an exit code.</summary>
internal static class CliApp
{
    public const string ToolName = "cachetasks";

    // Not a RootCommand: that takes its name from the running assembly (CacheTasks.Cli), while
    // users type the tool's command name.
    public static Command CreateRootCommand()
    {
        var root = new Command(ToolName, CliMessages.Description) { new HelpOption(), new VersionOption() };
        root.Subcommands.Add(HostCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(CatalogCommand.Create());
        return root;
    }

    /// <summary>Runs one command line; results go to <paramref name="output"/>, errors and diagnostics to <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parse = CreateRootCommand().Parse(args);
        // Our own last resort below turns a fault into a coded CT9001 and exit code 2, not a stack trace and 1.
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };

        // System.CommandLine exits with 1 on a usage error; 1 here means "the gate failed", so usage errors exit with 2.
        if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync(parseError.Message).ConfigureAwait(false);
            }

            await error.WriteLineAsync(string.Format(CliMessages.UsageHint, CommandPath(parse))).ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or a cancelled CI job: nothing half-done to report.
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            DiagnosticWriter.Write(error, [new Diagnostic(DiagnosticCodes.InternalError, DiagnosticSeverity.Error, string.Format(Messages.InternalError, $"{e.GetType().Name}: {e.Message}"))]);
            return ExitCodes.BadInput;
        }
    }

    /// <summary>The command as typed, e.g. <c>cachetasks check</c>, for "run … --help" hints.</summary>
    public static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command.Name);
        }

        return string.Join(" ", names);
    }
}
