using System.Text.Json;
using CacheTasks.Cli.Tests.Infrastructure;
using CacheTasks.Reports;
using CacheTasks.Testing;

namespace CacheTasks.Cli.Tests.Commands;

/// <summary><c>cachetasks check</c>: rows on stdout, CT diagnostics on stderr, and exit codes a CI step can act on.</summary>
public sealed class CheckCommandTests
{
    [Fact]
    public void Everything_covered_exits_0_with_a_row_per_requirement_and_arch_and_the_summary()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);

        var result = CliRunner.Run("check", "--catalog", catalog, "--arch", TestCatalog.X86, "--arch", TestCatalog.Arm, "zlib@1.2:");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Error);
        Assert.Contains(string.Format(CliMessages.CheckRow, "✓ 1.3.1", "zlib@1.2:", TestCatalog.X86), result.OutputLines);
        Assert.Contains(string.Format(CliMessages.CheckRow, "✓ 1.2.13", "zlib@1.2:", TestCatalog.Arm), result.OutputLines);
        Assert.Equal(string.Format(Messages.SummaryNoReport, 2, 2, "100.0"), result.OutputLines[^1]);
        Assert.DoesNotContain(result.OutputLines, line => line.StartsWith("CacheTasks: host arch", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_arch_the_host_is_checked_and_the_first_line_says_how_it_was_detected()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);

        var result = CliRunner.Run("check", "--catalog", catalog, "zlib");

        Assert.True(result.ExitCode is 0 or 1, result.ToString());
        var host = CliRunner.Run("host").OutputLines[0];
        Assert.StartsWith($"CacheTasks: host arch {host} (", result.OutputLines[0], StringComparison.Ordinal);
        Assert.EndsWith($"zlib  {host}", result.OutputLines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_binary_fails_the_gate_with_exit_1_and_a_ct1001_line_on_stderr()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);

        var result = CliRunner.Run("check", "--catalog", catalog, "--arch", $"{TestCatalog.X86};{TestCatalog.Arm}", "zlib@1.3");

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"cachetasks: error CT1001: 'zlib@1.3' has no binary for {TestCatalog.Arm}: ", line);
        Assert.Contains(string.Format(CliMessages.CheckRow, "✗ " + Messages.CellRuledOutVersion, "zlib@1.3", TestCatalog.Arm), result.OutputLines);
        Assert.Equal(string.Format(Messages.SummaryNoReport, 1, 2, "50.0"), result.OutputLines[^1]);
    }

    [Fact]
    public void Missing_rows_at_warning_severity_are_reported_but_pass()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);

        var result = CliRunner.Run("check", "--catalog", catalog, "--arch", TestCatalog.Arm, "--missing-severity", "warning", "zlib@1.3", "libpng");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, result.ErrorLines.Count);
        Assert.StartsWith("cachetasks: warning CT1001: 'zlib@1.3'", result.ErrorLines[0]);
        Assert.StartsWith("cachetasks: warning CT1002: 'libpng'", result.ErrorLines[1]);
    }

    [Theory]
    [InlineData("zlib@@1", "CT3001")]
    [InlineData("zlib target=zen9", "CT3002")]
    public void A_requirement_that_cannot_be_read_is_bad_input(string spec, string code)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);

        var result = CliRunner.Run("check", "--catalog", catalog, "--arch", TestCatalog.X86, spec);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(result.ErrorLines, l => l.StartsWith($"cachetasks: error {code}: ", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_arch_is_bad_input_even_when_nothing_is_missing()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);

        var result = CliRunner.Run("check", "--catalog", catalog, "--arch", "linux-ubuntu24.04-zen9", "zlib");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(result.ErrorLines, l => l.StartsWith("cachetasks: error CT3002: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_catalog_that_does_not_exist_is_bad_input()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();

        var result = CliRunner.Run("check", "--catalog", folder.Combine("nothing-here"), "zlib");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"cachetasks: error CT2002: {string.Format(Messages.CatalogSourceMissing, folder.Combine("nothing-here"))}", Assert.Single(result.ErrorLines));
        Assert.Empty(result.Output);
    }

    [Fact]
    public void An_unknown_report_format_is_bad_input()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);

        var result = CliRunner.Run("check", "--catalog", catalog, "--arch", TestCatalog.X86, "--report-dir", folder.Combine("reports"), "--format", "json,pdf", "zlib");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(result.ErrorLines, l => l.StartsWith("cachetasks: error CT3004: ", StringComparison.Ordinal) && l.Contains("'pdf'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_specs_of_an_environment_file_are_checked_and_findings_point_into_it()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);
        var environment = folder.Write("env/spack.yaml", "spack:\n  specs:\n  - zlib@1.3\n  - libpng@1.6\n");

        var result = CliRunner.Run("check", "--catalog", catalog, "--arch", TestCatalog.X86, "--env", environment);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal([$"{environment}(4,5): error CT1002: "], result.ErrorLines.Select(l => l[..(l.IndexOf("CT1002: ", StringComparison.Ordinal) + 8)]));
    }

    [Theory]
    [InlineData("50", 0)]
    [InlineData("60", 1)]
    public void A_threshold_decides_the_gate_and_missing_rows_are_warnings(string threshold, int exitCode)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);

        var result = CliRunner.Run("check", "--catalog", catalog, "--arch", $"{TestCatalog.X86};{TestCatalog.Arm}", "--threshold", threshold, "zlib@1.3");

        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Contains(result.ErrorLines, l => l.StartsWith("cachetasks: warning CT1001: ", StringComparison.Ordinal));
        Assert.Equal(exitCode == 1, result.ErrorLines.Any(l => l.StartsWith("cachetasks: error CT1100: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void No_spec_is_bad_input()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);

        var result = CliRunner.Run("check", "--catalog", catalog);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(CliMessages.NoRequirements, Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void Without_catalog_the_usage_error_exits_2_with_a_help_hint()
    {
        var result = CliRunner.Run("check", "zlib");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(string.Format(CliMessages.UsageHint, "cachetasks check"), result.ErrorLines);
        Assert.Contains(result.ErrorLines, l => l.Contains("--catalog", StringComparison.Ordinal));
    }

    [Fact]
    public void Reports_are_written_and_the_summary_names_coverage_md()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);
        var reports = folder.Combine("reports");

        var result = CliRunner.Run("check", "--catalog", catalog, "--arch", TestCatalog.X86, "--report-dir", reports, "--format", "json;md", "zlib");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(reports, "coverage.json")));
        Assert.True(File.Exists(Path.Combine(reports, "coverage.md")));
        Assert.Equal(string.Format(Messages.Summary, 1, 1, "100.0", Path.Combine(reports, "coverage.md")), result.OutputLines[^1]);
    }

    [Fact]
    public void Json_output_is_the_coverage_json_document()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);

        var result = CliRunner.Run("check", "--json", "--catalog", catalog, "--arch", TestCatalog.X86, "--arch", TestCatalog.Arm, "--stack", "e4s", "zlib@1.3");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(CoverageReport.SchemaVersion, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal([TestCatalog.X86, TestCatalog.Arm], root.GetProperty("arches").EnumerateArray().Select(e => e.GetString()));
        var rows = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["covered", "missing"], rows.Select(r => r.GetProperty("status").GetString()));
        Assert.All(rows, r => Assert.Equal("e4s", r.GetProperty("stack").GetString()));
        Assert.Equal("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", rows[0].GetProperty("matches")[0].GetProperty("hash").GetString());
    }
}
