using System.Text.Json;
using CacheTasks.Catalog;
using CacheTasks.Sources;
using CacheTasks.Cli.Tests.Infrastructure;
using CacheTasks.Testing;

namespace CacheTasks.Cli.Tests.Commands;

/// <summary><c>cachetasks catalog</c>: what a catalog holds, so a user can see why a requirement is missing.</summary>
public sealed class CatalogCommandTests
{
    [Fact]
    public void The_summary_lists_packages_arches_stacks_and_tags_with_spec_counts()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);

        var result = CliRunner.Run("catalog", catalog);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.OutputLines.Select(l => l.Trim()).ToList();
        Assert.Equal(string.Format(CliMessages.CatalogHeader, 1, 2, catalog), lines[0]);
        Assert.Equal(
            [
                string.Format(CliMessages.CatalogSection, CliMessages.CatalogArches),
                $"{TestCatalog.Arm} (1 spec)",
                $"{TestCatalog.X86} (1 spec)",
                string.Format(CliMessages.CatalogSection, CliMessages.CatalogStacks),
                "e4s (2 specs)",
                "ml-linux-aarch64-cpu (1 spec)",
                string.Format(CliMessages.CatalogSection, CliMessages.CatalogTags),
                string.Format(CliMessages.CatalogCount, "develop", 2),
                string.Format(CliMessages.CatalogSection, CliMessages.CatalogPackages),
                string.Format(CliMessages.CatalogCount, "zlib", 2),
            ],
            lines.Skip(1));
    }

    [Fact]
    public void A_package_shows_its_versions_newest_first_with_arches_compilers_and_stacks()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);

        var result = CliRunner.Run("catalog", catalog, "--package", "zlib");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            [
                string.Format(CliMessages.PackageHeader, "zlib", 2, 2),
                string.Format(CliMessages.PackageVersion, "1.3.1", TestCatalog.X86, "gcc@13.3.0", "e4s"),
                string.Format(CliMessages.PackageVersion, "1.2.13", TestCatalog.Arm, "gcc@13.3.0", "e4s, ml-linux-aarch64-cpu"),
            ],
            result.OutputLines.Select(l => l.Trim()));
    }

    [Fact]
    public void An_unknown_package_exits_1_and_suggests_close_names()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = TestCatalog.Write(folder);

        var result = CliRunner.Run("catalog", catalog, "--package", "zlb");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Format(CliMessages.PackageNotFound, "zlb", 1, string.Format(Messages.DidYouMean, "zlib")), Assert.Single(result.ErrorLines));
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_missing_catalog_is_bad_input()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();

        var result = CliRunner.Run("catalog", folder.Combine("none"));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("cachetasks: error CT2002: ", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void The_real_shared_catalog_is_summarised_as_the_loader_reads_it()
    {
        var shared = TestEnvironment.SharedCatalog;
        var loaded = SourceKinds.Load([shared], cancellationToken: TestContext.Current.CancellationToken).Catalog;

        var result = CliRunner.Run("catalog", shared, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(loaded.PackageCount, root.GetProperty("packages").GetInt32());
        Assert.Equal(loaded.SpecCount, root.GetProperty("specs").GetInt32());
        Assert.Equal(loaded.SpecCount, root.GetProperty("arches").EnumerateObject().Sum(p => p.Value.GetInt32()));
        Assert.Equal(loaded.PackageNames.Order(StringComparer.Ordinal), root.GetProperty("packageSpecs").EnumerateObject().Select(p => p.Name));
        Assert.Contains("linux-ubuntu24.04-x86_64_v3", root.GetProperty("arches").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void A_package_of_the_real_catalog_lists_every_spec_of_it_in_json()
    {
        var shared = TestEnvironment.SharedCatalog;
        var loaded = SourceKinds.Load([shared], cancellationToken: TestContext.Current.CancellationToken).Catalog;

        var result = CliRunner.Run("catalog", shared, "--package", "py-pdm-backend", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var versions = json.RootElement.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(loaded.SpecsFor("py-pdm-backend").Count, versions.Sum(v => v.GetProperty("specs").GetArrayLength()));
        Assert.Contains("2.4.3", versions.Select(v => v.GetProperty("version").GetString()));
    }

    [Fact]
    public void With_a_parsed_cache_folder_a_second_run_reads_an_unchanged_index_from_the_cache()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var index = folder.Write("mirror/build_cache/index.json", File.ReadAllText(TestEnvironment.Shared("catalog-index-samples", "v2_layout-unsigned-index.db-v8.json")));
        var time = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(index, time);
        var cache = folder.Combine("parsed");

        var cold = CliRunner.Run("catalog", index, "--parsed-cache-dir", cache);
        // Same size and time, other bytes: only a run that takes the cache still lists the binaries.
        File.WriteAllText(index, new string(' ', (int)new FileInfo(index).Length));
        File.SetLastWriteTimeUtc(index, time);
        var warm = CliRunner.Run("catalog", index, "--parsed-cache-dir", cache);

        Assert.True(cold.ExitCode == 0, cold.ToString());
        Assert.True(File.Exists(Path.Combine(cache, CatalogCache.FileName)));
        Assert.Equal(cold.OutputLines, warm.OutputLines);
        Assert.Equal(string.Format(CliMessages.CatalogHeader, 4, 6, index), warm.OutputLines[0].Trim());
    }
}
