using System.CommandLine;
using System.CommandLine.Help;
using CacheTasks.Cli.Commands;

namespace CacheTasks.Cli;

/// <summary>The <c>cachetasks</c> command line: its commands, and how a parse becomes an exit code.</summary>
internal static class CliApp
{
    public const string ToolName = "cachetasks";

    // Not a RootCommand: that takes its name from the running assembly (CacheTasks.Cli), while
    // users type the tool's command name.
    public static Command CreateRootCommand()
    {
        var root = new Command(ToolName, Messages.CliDescription) { new HelpOption(), new VersionOption() };
        root.Subcommands.Add(HostCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(CatalogCommand.Create());
        return root;
    }

    /// <summary>Runs one command line; results go to <paramref name="output"/>, errors and diagnostics to <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parse = CreateRootCommand().Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error };

        // System.CommandLine exits with 1 on a usage error; 1 here means "the gate failed", so usage errors exit with 2.
        if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync(parseError.Message).ConfigureAwait(false);
            }

            await error.WriteLineAsync(string.Format(Messages.CliUsageHint, CommandPath(parse))).ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
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
