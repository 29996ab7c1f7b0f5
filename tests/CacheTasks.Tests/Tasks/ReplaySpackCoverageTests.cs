using CacheTasks.Diagnostics;
using CacheTasks.Incremental;
using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.Tasks;

public sealed class ReplaySpackCoverageTests
{
    private static readonly Diagnostic Missing = new("CT1001", DiagnosticSeverity.Warning, "'zlib@1.3' has no binary for linux-ubuntu24.04-aarch64: …", new SourceLocation("/p/app.proj", 9, 32));

    [Fact]
    public void Saved_diagnostics_are_logged_as_the_check_logged_them()
    {
        // The check applied WarningsAsErrors (CT1001 became an error) and NoWarn (CT1002 silenced) before saving.
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var results = folder.Combine("spack-coverage.cache.json");
        var asError = Missing with { Severity = DiagnosticSeverity.Error };
        var silenced = new Diagnostic("CT1002", DiagnosticSeverity.Warning, "'nope' is not in the catalog") { Suppressed = true };
        SavedCheckFile.Write(results, new SavedCheck([asError, silenced], [new SavedResult("zlib@1.3", new Dictionary<string, string> { ["Status"] = "missing" })], [], "CacheTasks: 1 of 2"));
        var engine = new RecordingBuildEngine(folder.Combine("app.proj"));
        var task = new ReplaySpackCoverage { BuildEngine = engine, ResultsFile = results };

        Assert.False(task.Execute());

        Assert.Equal([$"/p/app.proj(9,32): error CT1001: {Missing.Message}"], engine.Lines);
        Assert.Equal(DiagnosticCodes.HelpLink("CT1001"), engine.Errors[0].HelpLink);
        Assert.Contains(engine.Messages, m => m.Message == silenced.Message && m.Importance == Microsoft.Build.Framework.MessageImportance.Low);
        Assert.Equal("missing", Assert.Single(task.Results).GetMetadata("Status"));
        Assert.Contains(engine.Messages, m => m.Message == "CacheTasks: 1 of 2");
    }

    [Theory]
    [InlineData("{ truncated")]
    // Format 4 (before the snapshot had its own file) from an earlier CacheTasks.
    [InlineData("{\"formatVersion\": 4, \"diagnostics\": [], \"results\": [], \"reportFiles\": [], \"summary\": null, \"dependencies\": {\"files\": [], \"variables\": {}, \"hostArch\": null, \"catalogSources\": [\"/p/catalog\"], \"catalog\": [[\"/p/catalog\", true, 0, 638000000000000001]]}}")]
    public void An_unreadable_or_older_results_file_is_removed_and_asks_for_a_check_now(string text)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var results = folder.Write("spack-coverage.cache.json", text);
        var engine = new RecordingBuildEngine(folder.Combine("app.proj"));
        var task = new ReplaySpackCoverage { BuildEngine = engine, ResultsFile = results };

        Assert.True(task.Execute());

        Assert.Empty(engine.Lines);
        Assert.Contains(engine.Messages, m => m.Message == string.Format(Messages.ReplayUnreadable, results));
        Assert.False(File.Exists(results));
        Assert.True(task.NeedsCheck);
        Assert.Empty(task.Results);
    }
}
