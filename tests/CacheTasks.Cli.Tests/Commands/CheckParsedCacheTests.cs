using CacheTasks.Catalog;
using CacheTasks.Cli.Tests.Infrastructure;
using CacheTasks.Mirrors;
using CacheTasks.Run;
using CacheTasks.Testing;

namespace CacheTasks.Cli.Tests.Commands;

/// <summary>
/// <c>cachetasks check</c> keeps the parsed catalog as a build does (issue 24): a CI job that checks
/// twice, or checks after a build, parses an unchanged catalog once.
/// </summary>
public sealed class CheckParsedCacheTests
{
    private const string Arch = "linux-ubuntu24.04-x86_64_v3";

    [Fact]
    public void A_second_check_reads_an_unchanged_index_from_the_per_user_parsed_cache()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var index = WriteIndex(folder);
        var cacheFile = Path.Combine(ParsedCatalogFolder.For(MirrorCache.DefaultRoot(), [index]), CatalogCache.FileName);

        var cold = CliRunner.Run("check", "--catalog", index, "--arch", Arch, "hdf5@1.14 +mpi", "openmpi");
        var written = File.GetLastWriteTimeUtc(cacheFile);
        var warm = Unreadable(index, () => CliRunner.Run("check", "--catalog", index, "--arch", Arch, "hdf5@1.14 +mpi", "openmpi"));

        Assert.True(cold.ExitCode == 0, cold.ToString());
        Assert.True(warm.ExitCode == 0, warm.ToString());
        Assert.Equal(cold.OutputLines, warm.OutputLines);
        Assert.Contains(string.Format(CliMessages.CheckRow, "✓ 1.14.5", "hdf5@1.14 +mpi", Arch), warm.OutputLines);
        // Read, not rewritten: the second run found everything it needed in the cache.
        Assert.Equal(written, File.GetLastWriteTimeUtc(cacheFile));
    }

    [Fact]
    public void Parsed_cache_dir_keeps_the_parsed_catalog_in_that_folder_instead()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var index = WriteIndex(folder);
        var own = folder.Combine("parsed");

        var cold = CliRunner.Run("check", "--catalog", index, "--arch", Arch, "--parsed-cache-dir", own, "hdf5@1.14 +mpi");
        var warm = Unreadable(index, () => CliRunner.Run("check", "--catalog", index, "--arch", Arch, "--parsed-cache-dir", own, "hdf5@1.14 +mpi"));

        Assert.True(cold.ExitCode == 0, cold.ToString());
        Assert.True(File.Exists(Path.Combine(own, CatalogCache.FileName)));
        Assert.False(Directory.Exists(ParsedCatalogFolder.For(MirrorCache.DefaultRoot(), [index])));
        Assert.Equal(cold.OutputLines, warm.OutputLines);
    }

    [Fact]
    public void A_changed_index_is_parsed_again()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var index = WriteIndex(folder);
        var cache = folder.Combine("cache");

        var before = CliRunner.Run("check", "--catalog", index, "--arch", Arch, "--catalog-cache-dir", cache, "zlib");
        var changed = DagIndex.Hdf5();
        changed.Add("zlib", "1.3.1", "x86_64_v3");
        File.WriteAllText(index, changed.ToString());
        File.SetLastWriteTimeUtc(index, DateTime.UtcNow.AddMinutes(-30));
        var after = CliRunner.Run("check", "--catalog", index, "--arch", Arch, "--catalog-cache-dir", cache, "zlib");

        Assert.True(File.Exists(Path.Combine(ParsedCatalogFolder.For(cache, [index]), CatalogCache.FileName)));
        Assert.Equal(1, before.ExitCode);
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Contains(string.Format(CliMessages.CheckRow, "✓ 1.3.1", "zlib", Arch), after.OutputLines);
    }

    // Written an hour ago: the cache trusts only times older than its own writing.
    private static string WriteIndex(TemporaryDirectory folder)
    {
        var index = folder.Write("mirror/build_cache/index.json", DagIndex.Hdf5().ToString());
        File.SetLastWriteTimeUtc(index, DateTime.UtcNow.AddHours(-1));
        return index;
    }

    // Same size and time, a database version no reader takes: only a run that takes the cache can
    // still check against it (it reads again only the installs it looks up, whose bytes are unchanged).
    private static CliResult Unreadable(string index, Func<CliResult> run)
    {
        var time = File.GetLastWriteTimeUtc(index);
        var text = File.ReadAllText(index);
        const string Supported = "{\"database\":{\"version\":\"8\"";
        Assert.StartsWith(Supported, text, StringComparison.Ordinal);
        File.WriteAllText(index, "{\"database\":{\"version\":\"9\"" + text[Supported.Length..]);
        File.SetLastWriteTimeUtc(index, time);
        return run();
    }
}
