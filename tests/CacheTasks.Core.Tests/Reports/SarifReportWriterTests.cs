using System.Text.Json;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Reports;
using CacheTasks.Requirements;
using CacheTasks.Run;

namespace CacheTasks.Core.Tests.Reports;

/// <summary>coverage.sarif has the SARIF 2.1.0 shape code-scanning tools read.</summary>
public sealed class SarifReportWriterTests
{
    [Fact]
    public void One_result_per_missing_row_with_rule_level_message_and_project_file_location()
    {
        using var fixture = new ReportFixture("sarif");
        using var sarif = JsonDocument.Parse(fixture.Report("coverage.sarif"));

        var root = sarif.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Equal("https://json.schemastore.org/sarif-2.1.0.json", root.GetProperty("$schema").GetString());
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray().ToList());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("CacheTasks", driver.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(driver.GetProperty("version").GetString()));

        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(DiagnosticCodes.All.Select(d => d.Code), rules.Select(r => r.GetProperty("id").GetString()));
        Assert.All(rules, r => Assert.Equal(DiagnosticCodes.HelpLink(r.GetProperty("id").GetString()!), r.GetProperty("helpUri").GetString()));
        Assert.All(rules, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("shortDescription").GetProperty("text").GetString())));

        var results = run.GetProperty("results").EnumerateArray().ToList();
        var missing = fixture.Run.Result!.Rows.Where(r => r.Status == CoverageStatus.Missing).ToList();
        // One CT1001 per missing row, one CT1002 per requirement (as the log has them: libpng's two rows share one).
        Assert.Equal(3, missing.Count);
        Assert.Same(missing[1].Finding, missing[2].Finding);
        Assert.Equal(["CT1001", "CT1002"], results.Select(r => r.GetProperty("ruleId").GetString()));
        Assert.All(results, r => Assert.Equal(rules[r.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString(), r.GetProperty("ruleId").GetString()));
        Assert.Equal(["warning", "error"], results.Select(r => r.GetProperty("level").GetString()));
        Assert.Equal(fixture.Run.Diagnostics.Where(d => d.Code.StartsWith("CT100", StringComparison.Ordinal)).Select(d => d.Message), results.Select(r => r.GetProperty("message").GetProperty("text").GetString()));
        Assert.Equal([ReportFixture.X86, ReportFixture.Arm], results[1].GetProperty("properties").GetProperty("arches").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("CT1001|zlib@1.3|" + ReportFixture.Arm + "|app.proj", results[0].GetProperty("partialFingerprints").GetProperty(SarifReportWriter.FingerprintKey).GetString());
        Assert.All(results, r => Assert.False(r.TryGetProperty("baselineState", out _)));

        var location = results[1].GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal(new Uri(fixture.ProjectFile).AbsoluteUri, location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(4, location.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(32, location.GetProperty("region").GetProperty("startColumn").GetInt32());
        Assert.Equal("libpng@1.6", File.ReadAllLines(fixture.ProjectFile)[3].Substring(31, "libpng@1.6".Length));
    }

    [Fact]
    public void A_fully_covered_check_has_no_results_and_the_same_rules()
    {
        using var folder = Testing.TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/zlib.md", "---\ntitle: zlib\nspec_details: [{\"hash\": \"h\", \"versions\": [\"1.3.1\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64\", \"compiler\": \"none\", \"variants\": [], \"stacks\": []}]\n---");
        CoverageRun.Execute(new CoverageRunOptions { CatalogSources = [folder.Combine("catalog")], Arches = ["linux-ubuntu24.04-x86_64_v3"], Requirements = [new RequirementInput("zlib")], ReportDirectory = folder.Path, ReportFormats = ["sarif"] });

        using var sarif = JsonDocument.Parse(File.ReadAllText(folder.Combine("coverage.sarif")));

        var run = sarif.RootElement.GetProperty("runs")[0];
        Assert.Equal(0, run.GetProperty("results").GetArrayLength());
        Assert.Equal(DiagnosticCodes.All.Count, run.GetProperty("tool").GetProperty("driver").GetProperty("rules").GetArrayLength());
    }
}
