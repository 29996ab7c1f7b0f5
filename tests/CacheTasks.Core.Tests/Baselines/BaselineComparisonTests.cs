using System.Text.Json;
using System.Text.Json.Nodes;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Baselines;

/// <summary>
/// A check compared with an earlier coverage.json through <see cref="CoverageRun"/>: each row's
/// state, the counts, SpackFailOn=new, a baseline that does not fit (CT3008) or cannot be read
/// (CT3007), and a check that checked nothing (CT1003). The catalog has zlib 1.3.1 for x86_64_v3 only.
/// </summary>
public sealed class BaselineComparisonTests
{
    private const string X86 = "linux-ubuntu24.04-x86_64_v3";
    private const string Arm = "linux-ubuntu24.04-aarch64";
    private const string Page = "---\ntitle: zlib\nspec_details: [{\"hash\": \"h\", \"versions\": [\"1.3.1\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64_v3\", \"compiler\": \"none\", \"variants\": [], \"stacks\": []}]\n---";

    private static CoverageRunResult Check(TemporaryDirectory folder, string? baseline, string? failOn, string[] arches, params string[] specs) =>
        CoverageRun.Execute(new CoverageRunOptions
        {
            CatalogSources = [folder.Combine("catalog")],
            Arches = arches,
            Requirements = specs.Select(s => new RequirementInput(s)).ToArray(),
            MissingSeverity = "error",
            CoverageBaseline = baseline,
            FailOn = failOn,
            ReportDirectory = folder.Combine("reports"),
            ReportFormats = ["json"],
        });

    /// <summary>Main's coverage.json for <paramref name="specs"/>, kept as the baseline.</summary>
    private static string Baseline(TemporaryDirectory folder, string[] arches, params string[] specs)
    {
        Check(folder, null, null, arches, specs);
        var path = folder.Combine("main", "coverage.json");
        Directory.CreateDirectory(folder.Combine("main"));
        File.Copy(folder.Combine("reports", "coverage.json"), path, overwrite: true);
        return path;
    }

    [Fact]
    public void Each_row_gets_its_state_and_the_summary_counts_them()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/zlib.md", Page);
        var baseline = Baseline(folder, [X86, Arm], "zlib@1.3", "zlib@1.2", "zlib@1.0");
        // Main's report as if zlib@1.3 had been missing on x86 (fixed since) and zlib@1.2 covered on arm (newly missing since).
        var main = JsonNode.Parse(File.ReadAllText(baseline))!;
        foreach (var row in main["results"]!.AsArray())
        {
            if ((string)row!["requirement"]! == "zlib@1.3" && (string)row["arch"]! == X86)
            {
                row["status"] = "missing";
            }

            if ((string)row["requirement"]! == "zlib@1.2" && (string)row["arch"]! == Arm)
            {
                row["status"] = "covered";
            }
        }

        File.WriteAllText(baseline, main.ToJsonString());

        var run = Check(folder, baseline, null, [X86, Arm], "zlib@1.3", "zlib@1.2", "zlib@1.3.1");

        Assert.Equal(
            [BaselineState.Fixed, BaselineState.StillMissing, BaselineState.StillMissing, BaselineState.NewMissing, BaselineState.NewCovered, BaselineState.Added],
            run.Result!.Rows.Select(r => r.Baseline));
        var comparison = run.Report!.Baseline!;
        Assert.Equal((1, 2, 1, 1), (comparison.NewlyMissing - comparison.Count(BaselineState.Added), comparison.Count(BaselineState.StillMissing), comparison.Count(BaselineState.Fixed), comparison.Count(BaselineState.Added)));
        Assert.Equal(2, comparison.Removed);
        Assert.Equal(string.Format(Messages.BaselineDelta, 2, 1), CacheTasks.Reports.ReportText.Delta(comparison));
        CoverageSchema.AssertValid(folder.Combine("reports", "coverage.json"));
        using var json = JsonDocument.Parse(File.ReadAllText(folder.Combine("reports", "coverage.json")));
        Assert.Equal(2, json.RootElement.GetProperty("summary").GetProperty("baseline").GetProperty("removed").GetInt32());
        Assert.DoesNotContain(run.Diagnostics, d => d.Code is DiagnosticCodes.BaselineDoesNotFit or DiagnosticCodes.BaselineUnreadable);
    }

    [Fact]
    public void Under_fail_on_new_a_requirement_missing_everywhere_stays_an_error_when_one_of_its_rows_is_new()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/zlib.md", Page);
        var baseline = Baseline(folder, [X86], "libpng", "zlib@1.0");

        // libpng's CT1002 is one finding for both arches: the aarch64 row is new (the arch was added), so it stays an error.
        var run = Check(folder, baseline, "new", [X86, Arm], "libpng", "zlib@1.0");

        Assert.Equal([BaselineState.StillMissing, BaselineState.Added, BaselineState.StillMissing, BaselineState.Added], run.Result!.Rows.Select(r => r.Baseline));
        Assert.Equal(
            [(DiagnosticCodes.PackageNotInCatalog, DiagnosticSeverity.Error), (DiagnosticCodes.MissingForArch, DiagnosticSeverity.Warning), (DiagnosticCodes.MissingForArch, DiagnosticSeverity.Error)],
            run.Diagnostics.Where(d => d.Code.StartsWith("CT100", StringComparison.Ordinal)).Select(d => (d.Code, d.Severity)));
        var known = run.Diagnostics.Single(d => d.Severity == DiagnosticSeverity.Warning && d.Code == DiagnosticCodes.MissingForArch);
        Assert.Equal(X86, known.Arch);
        Assert.EndsWith(string.Format(Messages.MissingSinceBaseline, string.Empty, baseline).Trim(), known.Message, StringComparison.Ordinal);
        // The rows point at their findings as logged.
        Assert.All(run.Result.Rows, r => Assert.Contains(r.Finding, run.Diagnostics));
        var fit = Assert.Single(run.Diagnostics, d => d.Code == DiagnosticCodes.BaselineDoesNotFit);
        Assert.Equal(string.Format(Messages.BaselineOtherArches, baseline, X86, X86 + ", " + Arm), fit.Message);
    }

    [Fact]
    public void A_baseline_of_another_catalog_is_CT3008_and_one_of_the_same_folder_elsewhere_is_not()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/zlib.md", Page);
        var baseline = Baseline(folder, [X86], "zlib");
        var main = JsonNode.Parse(File.ReadAllText(baseline))!;
        main["catalog"]!["sources"] = new JsonArray("/home/runner/work/app/app/catalog");
        File.WriteAllText(baseline, main.ToJsonString());

        var sameFolderName = Check(folder, baseline, null, [X86], "zlib");
        main["catalog"]!["sources"] = new JsonArray("https://binaries.spack.io/develop");
        File.WriteAllText(baseline, main.ToJsonString());
        var otherCatalog = Check(folder, baseline, null, [X86], "zlib");

        Assert.DoesNotContain(sameFolderName.Diagnostics, d => d.Code == DiagnosticCodes.BaselineDoesNotFit);
        var fit = Assert.Single(otherCatalog.Diagnostics, d => d.Code == DiagnosticCodes.BaselineDoesNotFit);
        Assert.Equal(string.Format(Messages.BaselineOtherCatalog, baseline, "https://binaries.spack.io/develop", folder.Combine("catalog")), fit.Message);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"schemaVersion\": 2, \"results\": []}")]
    [InlineData("{\"schemaVersion\": 1, \"results\": [{\"requirement\": \"zlib\", \"arch\": \"linux-ubuntu24.04-x86_64_v3\", \"status\": \"gone\"}]}")]
    [InlineData("[1, 2]")]
    public void A_baseline_that_is_not_a_coverage_json_is_CT3007_and_the_rows_carry_no_state(string text)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/zlib.md", Page);
        var baseline = folder.Write("main/coverage.json", text);

        var run = Check(folder, baseline, "new", [X86, Arm], "zlib");

        var unreadable = Assert.Single(run.Diagnostics, d => d.Code == DiagnosticCodes.BaselineUnreadable);
        Assert.Equal(DiagnosticSeverity.Warning, unreadable.Severity);
        Assert.StartsWith(string.Format(Messages.BaselineUnreadable, baseline, "\u0001").Split('\u0001')[0], unreadable.Message, StringComparison.Ordinal);
        Assert.All(run.Result!.Rows, r => Assert.Null(r.Baseline));
        Assert.Null(run.Report!.Baseline);
        Assert.Contains(run.Diagnostics, d => d.Code == DiagnosticCodes.MissingForArch && d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void A_check_with_no_rows_warns_CT1003_and_its_percent_is_still_100()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/zlib.md", Page);

        var run = Check(folder, null, null, [X86], "zlib@@1");

        Assert.Contains(run.Diagnostics, d => d.Code == DiagnosticCodes.InvalidRequirement);
        var nothing = Assert.Single(run.Diagnostics, d => d.Code == DiagnosticCodes.NothingChecked);
        Assert.Equal((DiagnosticSeverity.Warning, Messages.NothingCheckedNoRequirements), (nothing.Severity, nothing.Message));
        using var json = JsonDocument.Parse(File.ReadAllText(folder.Combine("reports", "coverage.json")));
        Assert.Equal(100.0, json.RootElement.GetProperty("summary").GetProperty("percent").GetDouble());
        Assert.Contains(json.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == DiagnosticCodes.NothingChecked);
    }

    [Fact]
    public void A_catalog_that_loaded_no_binaries_warns_CT1003_naming_it()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/zlib.md", "---\ntitle: zlib\nspec_details: []\n---");

        var run = Check(folder, null, null, [X86], "zlib");

        Assert.DoesNotContain(run.Diagnostics, d => d.Code == DiagnosticCodes.EmptyCatalogSource);
        var nothing = Assert.Single(run.Diagnostics, d => d.Code == DiagnosticCodes.NothingChecked);
        Assert.Equal(string.Format(Messages.NothingCheckedEmptyCatalog, folder.Combine("catalog")), nothing.Message);
    }

    [Fact]
    public void A_covered_check_against_a_real_catalog_says_nothing_of_CT1003()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/zlib.md", Page);

        var run = Check(folder, null, null, [X86], "zlib");

        Assert.DoesNotContain(run.Diagnostics, d => d.Code == DiagnosticCodes.NothingChecked);
    }

    [Fact]
    public void A_baseline_URL_is_downloaded_and_one_the_server_does_not_have_is_CT3007()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/zlib.md", Page);
        var baseline = Baseline(folder, [X86, Arm], "zlib");
        using var server = new MirrorTestServer();
        server.SetFile("/main/coverage.json", File.ReadAllBytes(baseline));

        var downloaded = Check(folder, server.BaseUrl + "/main/coverage.json", "new", [X86, Arm], "zlib");
        var absent = Check(folder, server.BaseUrl + "/other/coverage.json", "new", [X86, Arm], "zlib");

        Assert.Equal([BaselineState.UnchangedCovered, BaselineState.StillMissing], downloaded.Result!.Rows.Select(r => r.Baseline));
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(downloaded.Diagnostics, d => d.Code == DiagnosticCodes.MissingForArch).Severity);
        Assert.Equal(string.Format(Messages.BaselineUnreadable, server.BaseUrl + "/other/coverage.json", Messages.BaselineNotFound), Assert.Single(absent.Diagnostics, d => d.Code == DiagnosticCodes.BaselineUnreadable).Message);
        Assert.All(absent.Result!.Rows, r => Assert.Null(r.Baseline));
    }
}
