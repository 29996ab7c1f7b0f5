using CacheTasks.Diagnostics;
using CacheTasks.Incremental;
using CacheTasks.IO;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Incremental;

public sealed class SavedCheckFileTests
{
    [Fact]
    public void A_saved_check_reads_back_as_written()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Combine("obj", "spack-coverage.cache.json");
        var check = new SavedCheck(
            [
                new Diagnostic("CT1001", DiagnosticSeverity.Warning, "'zlib@1.3' has no binary for … ✗ \"quoted\"", new SourceLocation("/p/app.proj", 9, 32)),
                new Diagnostic("CT1100", DiagnosticSeverity.Error, "below"),
            ],
            [new SavedResult("zlib@1.3", new Dictionary<string, string> { ["Arch"] = "linux-ubuntu24.04-aarch64", ["Status"] = "missing", ["Hint"] = "" })],
            ["/p/obj/spack-coverage/coverage.md"],
            "CacheTasks: 1 of 2")
        {
            Dependencies = new CheckDependencies(
                [new FileStamp("/p/extra.yaml", 12, 638000000000000000), new FileStamp("/p/optional.yaml", -1, 0)],
                new Dictionary<string, string?> { ["SET"] = "yes", ["UNSET"] = null },
                "linux-debian12-zen4")
            {
                CatalogSources = ["/p/catalog", "/p/index.json"],
                SavedCatalog = new SavedCatalogSnapshot(new string('a', 64), "/home/u/.cache/cachetasks/catalogs/0123/snapshot-" + new string('a', 64) + ".bin"),
            },
        };

        SavedCheckFile.Write(path, check);
        var read = SavedCheckFile.Read(path);

        Assert.NotNull(read);
        Assert.Equal(check.Diagnostics, read.Diagnostics);
        Assert.Equal("zlib@1.3", Assert.Single(read.Results).ItemSpec);
        Assert.Equal(check.Results[0].Metadata, read.Results[0].Metadata);
        Assert.Equal(check.ReportFiles, read.ReportFiles);
        Assert.Equal(check.Summary, read.Summary);
        Assert.Equal(check.Dependencies.Files, read.Dependencies.Files);
        Assert.Equal(check.Dependencies.Variables, read.Dependencies.Variables);
        Assert.Equal("linux-debian12-zen4", read.Dependencies.HostArch);
        Assert.Equal(["/p/catalog", "/p/index.json"], read.Dependencies.CatalogSources);
        Assert.Equal(check.Dependencies.SavedCatalog, read.Dependencies.SavedCatalog);
        Assert.Null(read.Dependencies.Catalog);
        Assert.Single(Directory.GetFiles(folder.Combine("obj")));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"formatVersion\": 99, \"diagnostics\": [], \"results\": [], \"reportFiles\": [], \"summary\": null}")]
    [InlineData("{\"formatVersion\": 1, \"diagnostics\": [{\"code\": \"CT1001\", \"severity\": \"Loud\", \"message\": \"m\"}], \"results\": [], \"reportFiles\": [], \"summary\": null}")]
    [InlineData("{\"formatVersion\": 1}")]
    [InlineData("{\"formatVersion\": 1, \"diagnostics\": [], \"results\": [], \"reportFiles\": [], \"summary\": null}")]
    [InlineData("{\"formatVersion\": 2, \"diagnostics\": [], \"results\": [], \"reportFiles\": [], \"summary\": null}")]
    [InlineData("{\"formatVersion\": 3, \"diagnostics\": [], \"results\": [], \"reportFiles\": [], \"summary\": null, \"dependencies\": {\"files\": [], \"variables\": {}, \"hostArch\": null}}")]
    // Format 4 kept the whole catalog snapshot in every project's results; a build after an update checks again.
    [InlineData("{\"formatVersion\": 4, \"diagnostics\": [], \"results\": [], \"reportFiles\": [], \"summary\": null, \"dependencies\": {\"files\": [], \"variables\": {}, \"hostArch\": null, \"catalogSources\": [\"/p/catalog\"], \"catalog\": [[\"/p/catalog\", true, 0, 638000000000000001]]}}")]
    public void A_damaged_or_foreign_file_reads_as_nothing_to_replay(string text)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();

        Assert.Null(SavedCheckFile.Read(folder.Write("cache.json", text)));
        Assert.Null(SavedCheckFile.Read(folder.Combine("absent.json")));
    }
}
