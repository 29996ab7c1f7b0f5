using CacheTasks.Catalog;
using CacheTasks.IO;
using CacheTasks.Sources;
using CacheTasks.Specs;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Catalog;

/// <summary>The parsed-catalog cache that lets a warm build skip reading pages.</summary>
public sealed class CatalogCacheTests
{
    private const string Page = "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"aaaa\", \"versions\": [\"1.3\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64\", \"compiler\": \"gcc@13.3.0\", \"variants\": [\"+shared\"], \"stacks\": [\"root\"]}]\n---";

    private static readonly DateTime LongAgo = DateTime.UtcNow.AddHours(-1);

    [Fact]
    public void A_warm_load_takes_unchanged_pages_from_the_cache_without_reading_them()
    {
        using var catalog = TestEnvironment.CreateTemporaryDirectory();
        using var obj = TestEnvironment.CreateTemporaryDirectory();
        var page = catalog.Write("develop/zlib/specs.md", Page);
        catalog.Write("README.md", "# not a page");
        Settle(catalog.Path, LongAgo);
        var options = new CatalogLoadOptions { CacheDirectory = obj.Path };
        var cold = SourceKinds.Load([catalog.Path], options);
        Assert.True(File.Exists(obj.Combine(CatalogCache.FileName)));
        var warm = SourceKinds.Load([catalog.Path], options);

        Assert.Empty(warm.Diagnostics);
        Assert.Equal((1, 1), (warm.Catalog.PackageCount, warm.Catalog.SpecCount));
        Assert.Equal(JsonLinePageReaderTests.Describe(cold.Catalog.SpecsFor("zlib")), JsonLinePageReaderTests.Describe(warm.Catalog.SpecsFor("zlib")));
        var spec = Assert.Single(warm.Catalog.SpecsFor("zlib"));
        Assert.Equal("aaaa", spec.Hash);
        Assert.True(spec.Variants.Has("shared"));
        Assert.Equal("gcc@13.3.0", spec.CompilerText);
        Assert.True(spec.Versions[0].CompareTo(SpackVersion.Parse("1.3.0")) < 0, "1.3 is older than 1.3.0");

        // Same size and time, another os: a load that does not read the page still counts the old
        // arch; the page's specs, read when looked up, are not what the load saw (CT2006).
        RewriteKeepingTime(page, Page.Replace("ubuntu24.04", "ubuntu22.04"));
        var unread = SourceKinds.Load([catalog.Path], options);

        Assert.Empty(unread.Diagnostics);
        Assert.Equal("linux-ubuntu24.04-x86_64", Assert.Single(unread.Catalog.FactsFor("zlib")).Arch);
        var changed = Assert.Throws<IndexChangedException>(() => unread.Catalog.SpecsFor("zlib"));
        Assert.Equal(page, changed.Path);
    }

    [Fact]
    public void The_shared_catalog_loads_the_same_from_the_cache_as_from_its_pages()
    {
        using var obj = TestEnvironment.CreateTemporaryDirectory();
        var options = new CatalogLoadOptions { CacheDirectory = obj.Path };
        var sources = new[] { TestEnvironment.SharedCatalog, TestEnvironment.Shared("catalog-index-samples", "v2_layout-unsigned-index.db-v8.json") };

        var cold = SourceKinds.Load(sources);
        SourceKinds.Load(sources, options);
        var warm = SourceKinds.Load(sources, options);

        Assert.Equal(cold.Diagnostics, warm.Diagnostics);
        Assert.Equal((cold.Catalog.PackageCount, cold.Catalog.SpecCount), (warm.Catalog.PackageCount, warm.Catalog.SpecCount));
        foreach (var name in cold.Catalog.PackageNames)
        {
            Assert.Equal(JsonLinePageReaderTests.Describe(cold.Catalog.SpecsFor(name)), JsonLinePageReaderTests.Describe(warm.Catalog.SpecsFor(name)));
        }
    }

    [Fact]
    public void A_page_whose_size_or_time_changed_is_read_again()
    {
        using var catalog = TestEnvironment.CreateTemporaryDirectory();
        using var obj = TestEnvironment.CreateTemporaryDirectory();
        var page = catalog.Write("develop/zlib/specs.md", Page);
        Settle(catalog.Path, LongAgo);
        var options = new CatalogLoadOptions { CacheDirectory = obj.Path };
        SourceKinds.Load([catalog.Path], options);

        File.WriteAllText(page, Page.Replace("aaaa", "bbbbb"));
        File.SetLastWriteTimeUtc(page, LongAgo);
        var resized = SourceKinds.Load([catalog.Path], options);
        Assert.Equal("bbbbb", Assert.Single(resized.Catalog.SpecsFor("zlib")).Hash);

        File.WriteAllText(page, Page.Replace("aaaa", "cccc"));
        File.SetLastWriteTimeUtc(page, LongAgo.AddMinutes(1));
        var touched = SourceKinds.Load([catalog.Path], options);
        Assert.Equal("cccc", Assert.Single(touched.Catalog.SpecsFor("zlib")).Hash);
    }

    [Fact]
    public void A_page_changed_within_the_clock_tick_of_the_last_load_is_read_again()
    {
        using var catalog = TestEnvironment.CreateTemporaryDirectory();
        using var obj = TestEnvironment.CreateTemporaryDirectory();
        var page = catalog.Write("develop/zlib/specs.md", Page);
        var options = new CatalogLoadOptions { CacheDirectory = obj.Path };
        SourceKinds.Load([catalog.Path], options);

        // Same size, and the time the file system shows is no later than the cache's: only "racy" times betray it.
        RewriteKeepingTime(page, Page.Replace("aaaa", "dddd"));
        var result = SourceKinds.Load([catalog.Path], options);

        Assert.Equal("dddd", Assert.Single(result.Catalog.SpecsFor("zlib")).Hash);
    }

    [Fact]
    public void A_stated_index_is_kept_by_its_state_not_by_its_time_and_a_copy_replaced_since_is_not_kept()
    {
        using var copy = TestEnvironment.CreateTemporaryDirectory();
        using var obj = TestEnvironment.CreateTemporaryDirectory();
        var options = new CatalogLoadOptions { CacheDirectory = obj.Path };
        var index = copy.Combine("index.json");
        File.Copy(TestEnvironment.Shared("catalog-index-samples", "v2_layout-unsigned-index.db-v8.json"), index);
        var v7 = File.ReadAllText(TestEnvironment.Shared("catalog-index-samples", "v2_layout-unsigned-index.db-v7.json"));

        // Stated as the copy now is: kept by the state. Another file of another time stating the
        // same content is taken from the cache, unread (it would give the v7 index's two specs).
        var kept = Stated(index, "sha256:one", FileStamp.Of(index), options);
        File.WriteAllText(index, v7);
        var byState = Stated(index, "sha256:one", FileStamp.Of(index), options);
        Assert.Equal(kept.Catalog.SpecCount, byState.Catalog.SpecCount);
        Assert.NotEqual(2, kept.Catalog.SpecCount);

        // Stated for a copy that has been replaced since: what is read is not kept under the state.
        var replaced = Stated(index, "sha256:two", FileStamp.Of(index) with { LastWriteTicks = 1 }, options);
        File.WriteAllText(index, File.ReadAllText(TestEnvironment.Shared("catalog-index-samples", "v2_layout-unsigned-index.db-v8.json")));
        var again = Stated(index, "sha256:two", FileStamp.Of(index), options);
        Assert.Equal(2, replaced.Catalog.SpecCount);
        Assert.Equal(kept.Catalog.SpecCount, again.Catalog.SpecCount);
    }

    private static CatalogLoadResult Stated(string index, string state, FileStamp copy, CatalogLoadOptions options) =>
        CatalogLoader.Load([new CatalogSource(index, "https") { Files = [new CatalogSourceFile(index, IsIndex: true) { State = state, StatedCopy = copy }] }], options);

    [Fact]
    public void A_new_page_and_a_removed_page_are_noticed()
    {
        using var catalog = TestEnvironment.CreateTemporaryDirectory();
        using var obj = TestEnvironment.CreateTemporaryDirectory();
        var zlib = catalog.Write("develop/zlib/specs.md", Page);
        Settle(catalog.Path, LongAgo);
        var options = new CatalogLoadOptions { CacheDirectory = obj.Path };
        SourceKinds.Load([catalog.Path], options);

        catalog.Write("develop/cmake/specs.md", Page.Replace("zlib", "cmake"));
        File.Delete(zlib);
        Settle(catalog.Path, LongAgo.AddMinutes(5));
        var result = SourceKinds.Load([catalog.Path], options);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["cmake"], result.Catalog.PackageNames);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(40)]
    [InlineData(-1)]
    [InlineData(-2)]
    public void A_corrupt_cache_file_is_ignored_and_rebuilt(int damageAt)
    {
        using var catalog = TestEnvironment.CreateTemporaryDirectory();
        using var obj = TestEnvironment.CreateTemporaryDirectory();
        var page = catalog.Write("develop/zlib/specs.md", Page);
        Settle(catalog.Path, LongAgo);
        var options = new CatalogLoadOptions { CacheDirectory = obj.Path };
        SourceKinds.Load([catalog.Path], options);
        var cacheFile = obj.Combine(CatalogCache.FileName);

        var bytes = File.ReadAllBytes(cacheFile);
        bytes = damageAt switch
        {
            -1 => bytes[..(bytes.Length / 2)],
            -2 => [],
            _ => bytes,
        };
        if (damageAt >= 0)
        {
            bytes[damageAt] ^= 0x5A;
        }

        File.WriteAllBytes(cacheFile, bytes);
        var rebuilt = SourceKinds.Load([catalog.Path], options);
        Assert.Empty(rebuilt.Diagnostics);
        Assert.Equal("aaaa", Assert.Single(rebuilt.Catalog.SpecsFor("zlib")).Hash);

        // The rebuilt cache is sound: the next load takes the page from it (and so counts the os it had).
        RewriteKeepingTime(page, Page.Replace("ubuntu24.04", "ubuntu22.04"));
        var warm = SourceKinds.Load([catalog.Path], options);
        Assert.Equal("linux-ubuntu24.04-x86_64", Assert.Single(warm.Catalog.FactsFor("zlib")).Arch);
    }

    [Fact]
    public void A_broken_page_is_not_cached_so_its_warning_comes_back_on_every_load()
    {
        using var catalog = TestEnvironment.CreateTemporaryDirectory();
        using var obj = TestEnvironment.CreateTemporaryDirectory();
        catalog.Write("develop/zlib/specs.md", Page);
        catalog.Write("develop/cmake/specs.md", "---\ntitle: \"cmake\"\nspec_details: [{\"hash\": \n---");
        Settle(catalog.Path, LongAgo);
        var options = new CatalogLoadOptions { CacheDirectory = obj.Path };

        var first = SourceKinds.Load([catalog.Path], options);
        var second = SourceKinds.Load([catalog.Path], options);

        Assert.Single(first.Diagnostics);
        Assert.Equal(first.Diagnostics, second.Diagnostics);
        Assert.Equal(1, second.Catalog.SpecCount);
    }

    [Fact]
    public void A_cache_folder_that_cannot_be_created_only_means_no_cache()
    {
        using var catalog = TestEnvironment.CreateTemporaryDirectory();
        var blocker = catalog.Write("obj-file", "a file where the cache folder would go");
        catalog.Write("develop/zlib/specs.md", Page);

        var result = SourceKinds.Load([catalog.Path], new CatalogLoadOptions { CacheDirectory = Path.Combine(blocker, "cache") });

        Assert.Empty(result.Diagnostics);
        Assert.Equal(1, result.Catalog.SpecCount);
    }

    /// <summary>Dates every file and folder back, as a catalog that was not touched during the build.</summary>
    /// <summary>Dates every file and folder under <paramref name="root"/> at <paramref name="time"/>.</summary>
    internal static void Settle(string root, DateTime time)
    {
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, time);
        }

        foreach (var folder in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Append(root))
        {
            Directory.SetLastWriteTimeUtc(folder, time);
        }
    }

    private static void RewriteKeepingTime(string path, string text)
    {
        var time = File.GetLastWriteTimeUtc(path);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, time);
    }
}
