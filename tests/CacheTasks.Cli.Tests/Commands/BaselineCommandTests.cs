using CacheTasks.Cli.Tests.Infrastructure;
using CacheTasks.Testing;

namespace CacheTasks.Cli.Tests.Commands;

/// <summary>
/// <c>cachetasks check --baseline main/coverage.json --fail-on new</c>: the exit code a pull
/// request's CI step acts on. In the test catalog zlib@1.3 has a binary for x86_64_v3 only, so its
/// aarch64 row is missing in main's baseline and now: a known gap.
/// </summary>
public sealed class BaselineCommandTests
{
    private static string MainBaseline(TemporaryDirectory folder, string catalog)
    {
        var main = CliRunner.Run("check", "--catalog", catalog, "--arch", $"{TestCatalog.X86};{TestCatalog.Arm}", "--report-dir", folder.Combine("main"), "--format", "json", "zlib@1.3");
        Assert.True(main.ExitCode == 1, main.ToString());
        return folder.Combine("main", "coverage.json");
    }

    [Fact]
    public void A_gap_the_baseline_had_too_exits_0_with_a_warning_that_says_so_and_the_delta_on_stdout()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);
        var baseline = MainBaseline(folder, catalog);

        var result = CliRunner.Run("check", "--catalog", catalog, "--arch", $"{TestCatalog.X86};{TestCatalog.Arm}", "--baseline", baseline, "--fail-on", "new", "zlib@1.3");

        Assert.True(result.ExitCode == 0, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"cachetasks: warning CT1001: 'zlib@1.3' has no binary for {TestCatalog.Arm}: ", line, StringComparison.Ordinal);
        Assert.EndsWith(string.Format(Messages.MissingSinceBaseline, string.Empty, baseline).Trim(), line, StringComparison.Ordinal);
        Assert.Equal(string.Format(Messages.BaselineDelta, 0, 0), result.OutputLines[^2]);
        Assert.Equal(string.Format(Messages.BaselineDeltaDetails, 1, 0, 1, 0, baseline), result.OutputLines[^1]);
    }

    [Fact]
    public void A_new_gap_exits_1_and_only_it_is_an_error()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);
        var baseline = MainBaseline(folder, catalog);

        var result = CliRunner.Run("check", "--catalog", catalog, "--arch", $"{TestCatalog.X86};{TestCatalog.Arm}", "--baseline", baseline, "--fail-on", "new", "zlib@1.3", "zlib@1.3.1");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(
            [("warning", "CT1001", "'zlib@1.3'"), ("error", "CT1001", "'zlib@1.3.1'")],
            result.ErrorLines.Select(l => l.Split(' ')).Select(w => (w[1], w[2].TrimEnd(':'), w[3])));
        Assert.Equal(string.Format(Messages.BaselineDelta, 1, 0), result.OutputLines[^2]);
    }

    [Fact]
    public void Without_fail_on_new_every_missing_row_fails_as_before()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);
        var baseline = MainBaseline(folder, catalog);

        var result = CliRunner.Run("check", "--catalog", catalog, "--arch", $"{TestCatalog.X86};{TestCatalog.Arm}", "--baseline", baseline, "zlib@1.3");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("cachetasks: error CT1001: ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void A_baseline_that_cannot_be_read_is_CT3007_and_the_gate_fails_safe()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);
        var missing = folder.Combine("main", "coverage.json");

        var result = CliRunner.Run("check", "--catalog", catalog, "--arch", $"{TestCatalog.X86};{TestCatalog.Arm}", "--baseline", missing, "--fail-on", "new", "zlib@1.3");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(2, result.ErrorLines.Count);
        Assert.StartsWith("cachetasks: error CT1001: ", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal($"cachetasks: warning CT3007: {string.Format(Messages.BaselineUnreadable, missing, Messages.BaselineNotFound)}", result.ErrorLines[1]);
    }

    [Fact]
    public void An_unknown_fail_on_value_is_CT3004_and_exits_2()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);

        var result = CliRunner.Run("check", "--catalog", catalog, "--arch", TestCatalog.X86, "--fail-on", "worse", "zlib@1.3");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(result.ErrorLines, l => l.StartsWith("cachetasks: error CT3004: ", StringComparison.Ordinal) && l.Contains("SpackFailOn", StringComparison.Ordinal));
    }

    [Fact]
    public void A_report_not_written_turned_error_exits_2_by_its_class_not_its_number()
    {
        var setup = Diagnostics.DiagnosticCodes.Find(Diagnostics.DiagnosticCodes.ReportNotWritten)!;
        var error = new Diagnostics.Diagnostic(setup.Code, Diagnostics.DiagnosticSeverity.Error, "x");
        var gate = new Diagnostics.Diagnostic(Diagnostics.DiagnosticCodes.NothingChecked, Diagnostics.DiagnosticSeverity.Error, "x");

        Assert.Equal(ExitCodes.BadInput, ExitCodes.For([error]));
        Assert.Equal(ExitCodes.GateFailed, ExitCodes.For([gate]));
        Assert.Equal(ExitCodes.Success, ExitCodes.For([error with { Severity = Diagnostics.DiagnosticSeverity.Warning }]));
    }
}
