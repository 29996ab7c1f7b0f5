using CacheTasks.Catalog;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Catalog;

/// <summary>The parsed-catalog cache that lets a warm build skip reading pages.</summary>
public sealed class CatalogCacheTests
{
    private const string Page = "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"aaaa\", \"versions\": [\"1.3\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64\", \"compiler\": \"gcc@13.3.0\", \"variants\": [\"+shared\"], \"stacks\": [\"root\"]}]\n---";

    [Fact]
    public void A_warm_load_takes_unchanged_pages_from_the_cache_without_reading_them()
    {
        using var catalog = TestEnvironment.CreateTemporaryDirectory();
        using var obj = TestEnvironment.CreateTemporaryDirectory();
        var page = catalog.Write("develop/zlib/specs.md", Page);
        catalog.Write("README.md", "# not a page");
        var options = new CatalogLoadOptions { CacheDirectory = obj.Path };
        var cold = CatalogLoader.Load([catalog.Path], options);
        Assert.True(File.Exists(obj.Combine(CatalogCache.FileName)));

        // Same size and time, different bytes: only a load that does not read the page still sees the old spec.
        var stamp = File.GetLastWriteTimeUtc(page);
        File.WriteAllText(page, Page.Replace("aaaa", "bbbb"));
        File.SetLastWriteTimeUtc(page, stamp);
        var warm = CatalogLoader.Load([catalog.Path], options);

        Assert.Empty(warm.Diagnostics);
        Assert.Equal(
            JsonLinePageReaderTests.Describe(cold.Catalog.SpecsFor("zlib")),
            JsonLinePageReaderTests.Describe(warm.Catalog.SpecsFor("zlib")));
        Assert.Equal("aaaa", Assert.Single(warm.Catalog.SpecsFor("zlib")).Hash);
        var spec = warm.Catalog.SpecsFor("zlib")[0];
        Assert.True(spec.Variants.Has("shared"));
        Assert.Equal(("1.3", "gcc@13.3.0"), (spec.Versions[0].Text, spec.CompilerText));
        Assert.Equal(0, spec.Versions[0].CompareTo(CacheTasks.Specs.SpackVersion.Parse("1.3.0")) < 0 ? 0 : 1);
    }

    [Fact]
    public void A_page_whose_size_or_time_changed_is_read_again()
    {
        using var catalog = TestEnvironment.CreateTemporaryDirectory();
        using var obj = TestEnvironment.CreateTemporaryDirectory();
        var page = catalog.Write("develop/zlib/specs.md", Page);
        var options = new CatalogLoadOptions { CacheDirectory = obj.Path };
        CatalogLoader.Load([catalog.Path], options);

        File.WriteAllText(page, Page.Replace("aaaa", "bbbbb"));
        var resized = CatalogLoader.Load([catalog.Path], options);
        File.WriteAllText(page, Page.Replace("aaaa", "cccc"));
        File.SetLastWriteTimeUtc(page, File.GetLastWriteTimeUtc(page).AddMinutes(1));
        var touched = CatalogLoader.Load([catalog.Path], options);

        Assert.Equal("bbbbb", Assert.Single(resized.Catalog.SpecsFor("zlib")).Hash);
        Assert.Equal("cccc", Assert.Single(touched.Catalog.SpecsFor("zlib")).Hash);
    }

    [Fact]
    public void A_new_page_and_a_removed_page_are_noticed()
    {
        using var catalog = TestEnvironment.CreateTemporaryDirectory();
        using var obj = TestEnvironment.CreateTemporaryDirectory();
        var zlib = catalog.Write("develop/zlib/specs.md", Page);
        var options = new CatalogLoadOptions { CacheDirectory = obj.Path };
        CatalogLoader.Load([catalog.Path], options);

        catalog.Write("develop/cmake/specs.md", Page.Replace("zlib", "cmake"));
        File.Delete(zlib);
        var result = CatalogLoader.Load([catalog.Path], options);

        Assert.Equal(["cmake"], result.Catalog.PackageNames);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(40)]
    [InlineData(-1)]
    public void A_corrupt_cache_file_is_ignored_and_rebuilt(int damageAt)
    {
        using var catalog = TestEnvironment.CreateTemporaryDirectory();
        using var obj = TestEnvironment.CreateTemporaryDirectory();
        catalog.Write("develop/zlib/specs.md", Page);
        var options = new CatalogLoadOptions { CacheDirectory = obj.Path };
        CatalogLoader.Load([catalog.Path], options);
        var cacheFile = obj.Combine(CatalogCache.FileName);
        var good = File.ReadAllBytes(cacheFile);

        var bytes = (byte[])good.Clone();
        if (damageAt < 0)
        {
            bytes = bytes[..(bytes.Length / 2)];
        }
        else
        {
            bytes[Math.Min(damageAt, bytes.Length - 1)] ^= 0x5A;
        }

        File.WriteAllBytes(cacheFile, bytes);
        var result = CatalogLoader.Load([catalog.Path], options);

        Assert.Empty(result.Diagnostics);
        Assert.Equal("aaaa", Assert.Single(result.Catalog.SpecsFor("zlib")).Hash);
        Assert.Equal(good, File.ReadAllBytes(cacheFile));
    }

    [Fact]
    public void A_broken_page_is_not_cached_so_its_warning_comes_back_on_every_load()
    {
        using var catalog = TestEnvironment.CreateTemporaryDirectory();
        using var obj = TestEnvironment.CreateTemporaryDirectory();
        catalog.Write("develop/zlib/specs.md", Page);
        catalog.Write("develop/cmake/specs.md", "---\ntitle: \"cmake\"\nspec_details: [{\"hash\": \n---");
        var options = new CatalogLoadOptions { CacheDirectory = obj.Path };

        var first = CatalogLoader.Load([catalog.Path], options);
        var second = CatalogLoader.Load([catalog.Path], options);

        Assert.Equal(first.Diagnostics, second.Diagnostics);
        Assert.Single(second.Diagnostics);
        Assert.Equal(1, second.Catalog.SpecCount);
    }

    [Fact]
    public void A_cache_folder_that_cannot_be_created_only_means_no_cache()
    {
        using var catalog = TestEnvironment.CreateTemporaryDirectory();
        var blocker = catalog.Write("obj-file", "a file where the cache folder would go");
        catalog.Write("develop/zlib/specs.md", Page);

        var result = CatalogLoader.Load([catalog.Path], new CatalogLoadOptions { CacheDirectory = Path.Combine(blocker, "cache") });

        Assert.Empty(result.Diagnostics);
        Assert.Equal(1, result.Catalog.SpecCount);
    }
}
