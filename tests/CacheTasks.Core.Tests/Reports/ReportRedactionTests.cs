using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Reports;

public sealed class ReportRedactionTests
{
    [Fact]
    public void A_password_in_a_mirror_url_appears_in_no_report()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/develop/zlib/specs.md", "---\ntitle: \"zlib\"\nspec_details: [{\"hash\": \"aaaa\", \"versions\": [\"1.3\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64\"}]\n---");

        var run = CoverageRun.Execute(new CoverageRunOptions
        {
            CatalogSources = [folder.Combine("catalog"), "https://builder:s3cret-token@127.0.0.1:9/mirror"],
            Arches = ["linux-ubuntu24.04-x86_64"],
            Requirements = [new RequirementInput("zlib")],
            ReportDirectory = folder.Combine("reports"),
            ReportFormats = ["json", "md", "html", "sarif"],
            MirrorRefresh = "never",
        });

        Assert.Equal(4, run.ReportFiles.Count);
        Assert.All(run.ReportFiles, file => Assert.DoesNotContain("s3cret-token", File.ReadAllText(file), StringComparison.Ordinal));
        Assert.Contains("https://***@127.0.0.1:9/mirror", run.Report!.CatalogSources);
        Assert.All(run.Diagnostics, d => Assert.DoesNotContain("s3cret-token", d.Message, StringComparison.Ordinal));
    }
}
