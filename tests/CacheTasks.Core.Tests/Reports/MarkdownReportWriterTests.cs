using CacheTasks.Requirements;
using CacheTasks.Run;

namespace CacheTasks.Core.Tests.Reports;

public sealed class MarkdownReportWriterTests
{
    [Fact]
    public void Coverage_md_starts_with_the_summary_then_a_matrix_of_versions_and_short_reasons()
    {
        using var fixture = new ReportFixture(["md"], [new RequirementInput("zlib|x")]);

        var lines = fixture.Report("coverage.md").Split('\n');

        Assert.Equal("# " + Messages.ReportTitle, lines[0]);
        Assert.Equal("✗ " + string.Format(Messages.MarkdownSummary, 1, 4, "25.0", 1, 1), lines[2]);
        Assert.Equal($"| requirement | {ReportFixture.X86} | {ReportFixture.Arm} |", lines[6]);
        Assert.Equal("|---|---|---|", lines[7]);
        Assert.Equal($"| `zlib@1.3` | ✓ 1.3.1 | ✗ {Messages.CellRuledOutTarget} |", lines[8]);
        Assert.Equal($"| `libpng@1.6` | ✗ {Messages.CellNotInCatalog} | ✗ {Messages.CellNotInCatalog} |", lines[9]);
        Assert.Contains(fixture.Run.Diagnostics, d => d.Code == "CT3001" && d.Message.Contains("zlib|x", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fully_covered_check_says_so_with_a_check_mark()
    {
        using var folder = Testing.TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/zlib.md", "---\ntitle: zlib\nspec_details: [{\"hash\": \"h\", \"versions\": [\"1.3.1\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64\", \"compiler\": \"none\", \"variants\": [], \"stacks\": []}]\n---");
        CoverageRun.Execute(new CoverageRunOptions { CatalogSources = [folder.Combine("catalog")], Arches = ["linux-ubuntu24.04-x86_64_v3"], Requirements = [new RequirementInput("zlib")], ReportDirectory = folder.Path, ReportFormats = ["md"] });

        var lines = File.ReadAllText(folder.Combine("coverage.md")).Split('\n');

        Assert.StartsWith("✓ ", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.StartsWith("## ", StringComparison.Ordinal));
    }
}
