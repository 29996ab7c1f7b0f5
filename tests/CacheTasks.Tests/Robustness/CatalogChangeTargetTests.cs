using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.Robustness;

/// <summary>
/// A catalog page rewritten between two builds is read again by the check even when its time (and
/// its folder's) says otherwise: the parsed-catalog cache compares sizes too.
/// </summary>
/// <remarks>
/// The target itself is skipped by timestamps only (MSBuild Inputs/Outputs), so this build changes a
/// property to make the check run; see docs/robustness.md.
/// </remarks>
public sealed class CatalogChangeTargetTests
{
    private static string Page(string target) => "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"versions\": [\"1.3.1\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"" + target + "\", \"compiler\": \"gcc@13.3.0\"}]\n---";

    [Fact]
    public void A_page_rewritten_with_its_old_time_but_a_new_size_is_read_again()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var page = folder.Write("catalog/develop/zlib/specs.md", Page("x86_64_v3"));
        var project = folder.Write("app.proj", InProcessBuild.Project(
            $"""
                <SpackCatalog>{folder.Combine("catalog")}</SpackCatalog>
                <SpackArch>linux-ubuntu24.04-x86_64_v3</SpackArch>
                <IntermediateOutputPath>obj/</IntermediateOutputPath>
                <SpackCatalogCacheDirectory>{folder.Combine("user-cache")}</SpackCatalogCacheDirectory>
            """,
            """<SpackRequirement Include="zlib@1.3" />"""));
        var first = InProcessBuild.Run(project);
        var time = File.GetLastWriteTimeUtc(page);
        var folderTime = Directory.GetLastWriteTimeUtc(Path.GetDirectoryName(page)!);

        // A sync tool that keeps times (rsync -t, a cache restore) can change a page without a newer time.
        File.WriteAllText(page, Page("aarch64"));
        File.SetLastWriteTimeUtc(page, time);
        Directory.SetLastWriteTimeUtc(Path.GetDirectoryName(page)!, folderTime);
        var second = InProcessBuild.Run(project, globalProperties: new Dictionary<string, string?> { ["NoWarn"] = "CT9999" });

        Assert.Empty(first.Lines);
        Assert.Single(Directory.GetFiles(folder.Path, "catalog.cache", SearchOption.AllDirectories));
        Assert.Equal("covered", Assert.Single(first.CoverageResults).GetMetadataValue("Status"));
        Assert.Equal("missing", Assert.Single(second.CoverageResults).GetMetadataValue("Status"));
        Assert.Contains(second.Lines, l => l.Contains("warning CT1001: 'zlib@1.3' has no binary for linux-ubuntu24.04-x86_64_v3", StringComparison.Ordinal));
    }
}
