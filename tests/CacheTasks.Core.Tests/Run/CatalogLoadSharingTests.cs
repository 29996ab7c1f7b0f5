using CacheTasks.Catalog;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Run;

/// <summary>
/// The projects of one build share one catalog load (<see cref="CoverageRunOptions.LoadedCatalogs"/>),
/// each still with its own rows and its own CT2001 for the pages the load skipped; the parsed cache
/// is one per catalog, in the cache folder.
/// </summary>
public sealed class CatalogLoadSharingTests
{
    private const string X86 = "linux-ubuntu24.04-x86_64_v3";
    private const string Arm = "linux-ubuntu24.04-aarch64";

    private static string Page(string target, string stack) => "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"versions\": [\"1.3.1\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"" + target + "\", \"compiler\": \"gcc@13.3.0\", \"variants\": [\"+shared\"], \"stacks\": [\"" + stack + "\"]}]\n---";

    private static string WriteCatalog(TemporaryDirectory folder)
    {
        folder.Write("catalog/develop/zlib/specs.md", Page("x86_64_v3", "e4s"));
        folder.Write("catalog/develop/broken/specs.md", "---\ntitle: [unclosed\n---");
        return folder.Settle("catalog");
    }

    private static CoverageRunOptions Options(string catalog, ICatalogLoadCache? kept, string arch, string? stack = null) => new()
    {
        CatalogSources = [catalog],
        Arches = [arch],
        Stack = stack,
        Requirements = [new RequirementInput("zlib@1.3")],
        ReportDirectory = null,
        LoadedCatalogs = kept,
        TrackCatalogChanges = true,
    };

    private static string Row(CoverageRunResult run) => string.Join(", ", run.Result!.Rows.Select(r => $"{r.Requirement.Text} {r.Arch} {r.Status}"));

    [Fact]
    public void Projects_with_other_arches_and_stacks_share_one_load_and_each_reports_the_skipped_page()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = WriteCatalog(folder);
        var kept = new RecordingLoadCache();

        var first = CoverageRun.Execute(Options(catalog, kept, X86));
        var second = CoverageRun.Execute(Options(catalog, kept, Arm));
        var third = CoverageRun.Execute(Options(catalog, kept, X86, stack: "radiuss"));

        Assert.Equal(1, kept.Kept);
        Assert.Equal(3, kept.Found + kept.Kept);
        Assert.StartsWith("CacheTasks: catalog loaded:", first.CatalogNote, StringComparison.Ordinal);
        Assert.Equal(string.Format(Messages.CatalogReused, 1, 1), second.CatalogNote);
        Assert.Equal(string.Format(Messages.CatalogReused, 1, 1), third.CatalogNote);
        Assert.Equal($"zlib@1.3 {X86} Covered", Row(first));
        Assert.Equal($"zlib@1.3 {Arm} Missing", Row(second));
        Assert.Equal($"zlib@1.3 {X86} Missing", Row(third));
        foreach (var run in new[] { first, second, third })
        {
            var skipped = Assert.Single(run.Diagnostics, d => d.Code == DiagnosticCodes.UnreadableCatalogFile);
            Assert.Equal(folder.Combine("catalog/develop/broken/specs.md"), skipped.Location!.File);
            Assert.NotNull(run.Dependencies.Catalog);
        }
    }

    [Fact]
    public void A_load_that_found_no_catalog_is_not_kept()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var kept = new RecordingLoadCache();

        var first = CoverageRun.Execute(Options(folder.Combine("not-yet-written"), kept, X86));
        WriteCatalog(folder);
        var second = CoverageRun.Execute(Options(folder.Combine("catalog"), kept, X86));

        Assert.Contains(first.Diagnostics, d => d.Code == DiagnosticCodes.EmptyCatalogSource);
        Assert.Equal(0, kept.Found);
        Assert.Equal($"zlib@1.3 {X86} Covered", Row(second));
    }

    [Fact]
    public void Without_a_place_to_keep_loads_every_run_loads()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = WriteCatalog(folder);

        var runs = new[] { X86, Arm }.Select(arch => CoverageRun.Execute(Options(catalog, null, arch))).ToList();

        Assert.All(runs, run => Assert.StartsWith("CacheTasks: catalog loaded:", run.CatalogNote, StringComparison.Ordinal));
    }

    [Fact]
    public void The_shared_parsed_cache_is_one_per_catalog_in_the_cache_folder()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = WriteCatalog(folder);
        var cacheRoot = folder.Combine("user-cache");

        var run = CoverageRun.Execute(Options(catalog, null, X86) with { ShareParsedCatalog = true, MirrorCacheDirectory = cacheRoot });

        var expected = Path.Combine(cacheRoot, "catalogs", ParsedCatalogFolder.Key([catalog]));
        Assert.True(File.Exists(Path.Combine(expected, CatalogCache.FileName)));
        Assert.Equal(string.Format(Messages.CatalogLoadedWithCache, 1, 1, ElapsedOf(run.CatalogNote!), expected), run.CatalogNote);
        Assert.Single(Directory.GetDirectories(Path.Combine(cacheRoot, "catalogs")));
    }

    [Fact]
    public void A_temporary_file_a_killed_build_left_in_the_shared_folder_is_removed()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = WriteCatalog(folder);
        var cacheRoot = folder.Combine("user-cache");
        var shared = Path.Combine(cacheRoot, "catalogs", ParsedCatalogFolder.Key([catalog]));
        var stale = Path.Combine(shared, CatalogCache.FileName + ".0123456789abcdef0123456789abcdef.tmp");
        Directory.CreateDirectory(shared);
        File.WriteAllText(stale, "half a cache");

        CoverageRun.Execute(Options(catalog, null, X86) with { ShareParsedCatalog = true, MirrorCacheDirectory = cacheRoot });

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(Path.Combine(shared, CatalogCache.FileName)));
    }

    [Theory]
    [InlineData("/srv/catalog", "/srv/catalog/", true)]
    [InlineData("/srv/catalog", "/srv/./x/../catalog", true)]
    [InlineData("/srv/catalog", " /srv/catalog ", true)]
    [InlineData("/srv/catalog", "/srv/other", false)]
    [InlineData("https://mirror.example/cache", "https://mirror.example/cache", true)]
    [InlineData("https://mirror.example/cache", "https://mirror.example/other", false)]
    public void The_cache_key_names_the_catalog_however_its_path_is_written(string one, string other, bool same)
    {
        if (OperatingSystem.IsWindows())
        {
            one = one.Replace("/srv", "C:/srv", StringComparison.Ordinal);
            other = other.Replace("/srv", "C:/srv", StringComparison.Ordinal);
        }

        Assert.Equal(same, ParsedCatalogFolder.Key([one]) == ParsedCatalogFolder.Key([other]));
    }

    private static long ElapsedOf(string note)
    {
        var end = note.IndexOf(" ms", StringComparison.Ordinal);
        var start = note.LastIndexOf(' ', end - 1) + 1;
        return long.Parse(note.AsSpan(start, end - start), System.Globalization.CultureInfo.InvariantCulture);
    }

    internal sealed class RecordingLoadCache : ICatalogLoadCache
    {
        private readonly Dictionary<string, CatalogLoadResult> _loads = new(StringComparer.Ordinal);

        public int Found { get; private set; }

        public int Kept { get; private set; }

        public CatalogLoadResult? Find(string key)
        {
            if (_loads.TryGetValue(key, out var loaded))
            {
                Found++;
                return loaded;
            }

            return null;
        }

        public void Keep(string key, CatalogLoadResult loaded)
        {
            Kept++;
            _loads.TryAdd(key, loaded);
        }
    }
}
