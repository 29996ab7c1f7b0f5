using System.CommandLine;
using CacheTasks.Catalog;
using CacheTasks.Cli.Output;
using CacheTasks.Diagnostics;
using CacheTasks.Sources;
using CacheTasks.Run;

namespace CacheTasks.Cli.Commands;

/// <summary><c>cachetasks catalog SRC... [--package NAME] [--json] [--parsed-cache-dir DIR]</c>: what a catalog holds.</summary>
internal static class CatalogCommand
{
    public static Command Create()
    {
        var sources = new Argument<string[]>("SRC") { Description = CliMessages.CatalogArgument, Arity = ArgumentArity.OneOrMore };
        var package = new Option<string>("--package") { Description = CliMessages.PackageOption, HelpName = "NAME" };
        var json = new Option<bool>("--json") { Description = CliMessages.JsonOption };
        var parsedCache = new Option<string>("--parsed-cache-dir") { Description = CliMessages.ParsedCacheDirOption, HelpName = "DIR" };

        var command = new Command("catalog", CliMessages.CatalogDescription) { sources, package, json, parsedCache };
        command.SetAction((parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var list = (parse.GetValue(sources) ?? []).SelectMany(s => s.Split(';')).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
            // Each source is resolved by its kind (a mirror URL to the index its cache holds), then read.
            var diagnostics = new List<Diagnostic>();
            var cacheDirectory = parse.GetValue(parsedCache);
            var options = new CatalogLoadOptions { CacheDirectory = string.IsNullOrWhiteSpace(cacheDirectory) ? null : Path.GetFullPath(cacheDirectory) };
            var loaded = SourceKinds.Load(RunInputValidator.CatalogSources(list, diagnostics), options, SourceContext.Default, cancellationToken);
            diagnostics.AddRange(loaded.Diagnostics);
            DiagnosticWriter.Write(error, diagnostics);
            var exitCode = ExitCodes.For(diagnostics);
            if (exitCode != ExitCodes.Success && loaded.Catalog.SpecCount == 0)
            {
                return Task.FromResult(exitCode);
            }

            var name = parse.GetValue(package);
            if (name is null)
            {
                CatalogWriter.Write(output, CatalogSummary.Of(loaded.Catalog), parse.GetValue(json));
                return Task.FromResult(exitCode);
            }

            var summary = PackageSummary.Of(loaded.Catalog, name.Trim());
            if (!summary.Found)
            {
                var suggestion = summary.ClosestNames.Count == 0 ? string.Empty : string.Format(Messages.DidYouMean, string.Join(", ", summary.ClosestNames));
                error.WriteLine(string.Format(CliMessages.PackageNotFound, summary.Name, loaded.Catalog.PackageCount, suggestion));
                if (parse.GetValue(json))
                {
                    CatalogWriter.Write(output, summary, json: true);
                }

                return Task.FromResult(ExitCodes.GateFailed);
            }

            CatalogWriter.Write(output, summary, parse.GetValue(json));
            return Task.FromResult(exitCode);
        });
        return command;
    }
}
