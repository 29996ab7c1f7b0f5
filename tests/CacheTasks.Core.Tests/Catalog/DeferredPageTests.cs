using System.Text;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Sources;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Catalog;

/// <summary>
/// A load checks every page but builds the specs of a page only when its package is looked up
/// (<see cref="SpecDetailsChecker"/>, <see cref="DeferredPage"/>): the answer, and every diagnostic,
/// must be what reading every page in full gives.
/// </summary>
public sealed class DeferredPageTests
{
    private const string Good = "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"aaaa\", \"versions\": [\"1.3\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64\", \"compiler\": \"gcc@13.3.0\", \"variants\": [\"+shared\"], \"stacks\": [\"root\"]}]\n---";

    private static readonly DateTime LongAgo = DateTime.UtcNow.AddHours(-1);

    [Fact]
    public void Every_shared_json_line_page_is_checked_and_builds_the_specs_the_full_reader_gives()
    {
        var checkedPages = 0;
        foreach (var path in Directory.GetFiles(TestEnvironment.SharedCatalog, "specs.md", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(path);
            if (!JsonLinePageReader.TryRead(path, bytes, folderTag: null, out var full))
            {
                // The legacy page (spec_names) needs the YAML reader; the checker leaves it too.
                Assert.False(JsonLinePageReader.TryCheck(path, bytes, null, new CatalogInterner(), out _), path);
                continue;
            }

            Assert.True(JsonLinePageReader.TryCheck(path, bytes, null, new CatalogInterner(), out var facts), path);
            AssertSame(full!, facts!, JsonLinePageReader.BuildChecked(path, bytes, null, new CatalogInterner())!);
            checkedPages++;
        }

        Assert.Equal(13, checkedPages);
    }

    [Fact]
    public void Generated_pages_the_checker_vouches_for_build_the_specs_the_full_reader_gives()
    {
        var random = new Random(20261207);
        var vouched = 0;
        for (var i = 0; i < 300; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(JsonLinePageReaderTests.GeneratedPage(random, i));
            var path = $"gen/p{i}/specs.md";
            Assert.True(JsonLinePageReader.TryRead(path, bytes, "fallback-tag", out var full));
            if (JsonLinePageReader.TryCheck(path, bytes, "fallback-tag", new CatalogInterner(), out var facts))
            {
                AssertSame(full!, facts!, JsonLinePageReader.BuildChecked(path, bytes, "fallback-tag", new CatalogInterner())!);
                vouched++;
            }
            else
            {
                // Left to the full reader: escaped strings (json.dumps' default for non-ASCII) and pages without a spec.
                Assert.True(full!.Count == 0 || Encoding.UTF8.GetString(bytes).Contains("\\u", StringComparison.Ordinal), Encoding.UTF8.GetString(bytes));
            }
        }

        Assert.InRange(vouched, 100, 300);
    }

    [Theory]
    [InlineData("{\"versions\": [\"1\"], \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\"}")]
    [InlineData("{\"hash\": \"h\", \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\"}")]
    [InlineData("{\"hash\": \"h\", \"versions\": [\"1\"], \"platform\": \"linux\", \"target\": \"x86_64\"}")]
    [InlineData("{\"hash\": \"h\", \"versions\": [\"1 2\"], \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\"}")]
    [InlineData("{\"hash\": \"h\", \"versions\": [\"1\", \"2 3\"], \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\"}")]
    [InlineData("{\"hash\": \"h\", \"versions\": \"1.2\", \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\"}")]
    [InlineData("{\"hash\": [\"h\"], \"versions\": [\"1\"], \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\"}")]
    [InlineData("{\"hash\": \"h\", \"versions\": [\"1\"], \"arches\": \"linux-ubuntu\"}")]
    [InlineData("{\"hash\": \"h\", \"versions\": [\"1\"], \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\", \"variants\": [[\"+x\"]]}")]
    [InlineData("{\"hash\": \"h\", \"versions\": [\"1\"], \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\", \"stacks\": {\"a\": 1}}")]
    [InlineData("\"not an entry\"")]
    [InlineData("{\"hash\": \"h\", \"versions\": [\"1\"], \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\"")]
    public void A_page_with_a_problem_is_left_to_the_full_reader_which_reports_it_at_its_line_and_column(string badEntry)
    {
        var text = "---\ntitle: \"cmake\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"a\", \"versions\": [\"1\"], \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\"}, " + badEntry + "]\n---";
        using var catalog = TestEnvironment.CreateTemporaryDirectory();
        var page = catalog.Write("develop/cmake/specs.md", text);
        catalog.Write("develop/zlib/specs.md", Good);

        Assert.False(JsonLinePageReader.TryCheck(page, Encoding.UTF8.GetBytes(text), null, new CatalogInterner(), out _));
        var expected = Assert.Throws<CatalogFormatException>(() => CatalogPageReader.Read(page, text));
        var load = SourceKinds.Load([catalog.Path], new CatalogLoadOptions { TakeSnapshot = true });

        var warning = Assert.Single(load.Diagnostics);
        Assert.Equal((DiagnosticCodes.UnreadableCatalogFile, DiagnosticSeverity.Warning, new SourceLocation(page, expected.Line, expected.Column)), (warning.Code, warning.Severity, warning.Location));
        Assert.Contains(expected.Message.TrimEnd('.'), warning.Message, StringComparison.Ordinal);
        Assert.Equal(["zlib"], load.Catalog.PackageNames);
        Assert.Equal("aaaa", Assert.Single(load.Catalog.SpecsFor("zlib")).Hash);
    }

    [Theory]
    [InlineData("{\"hash\": \"h\", \"hash\": \"i\", \"versions\": [\"1\"], \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\"}")]
    [InlineData("{\"hash\": \"h\\u0041\", \"versions\": [\"1\"], \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\"}")]
    [InlineData("{\"hash\": \"h\",\t\"versions\": [\"1\"], \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\"}")]
    [InlineData("{\"hash\": \"h\", \"versions\": [\"1\"], \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\", \"size\": 01}")]
    [InlineData("{\"hash\": 12.5e3, \"versions\": [1.2], \"os\": null, \"platform\": true, \"target\": \"x86_64\", \"extra\": {\"a\": [1, {\"b\": false}]}, \"other\": 1}")]
    [InlineData("{\"hash\": \"h\", \"versions\": [\"1\", \"2\"], \"arches\": \"linux-rhel8-zen2\", \"os\": \"ignored\", \"stacks\": []}")]
    public void A_page_outside_the_checkers_subset_or_at_its_edge_loads_as_the_full_reader_reads_it(string entry)
    {
        var text = "---\ntitle: \"cmake\"\ncategories: [package, develop]\nspec_details: [" + entry + "]\n---";
        using var catalog = TestEnvironment.CreateTemporaryDirectory();
        var page = catalog.Write("develop/cmake/specs.md", text);

        var load = SourceKinds.Load([catalog.Path], new CatalogLoadOptions { TakeSnapshot = true });

        try
        {
            var full = CatalogPageReader.Read(page, text);
            Assert.Empty(load.Diagnostics);
            Assert.Equal(JsonLinePageReaderTests.Describe(full!), JsonLinePageReaderTests.Describe(load.Catalog.SpecsFor("cmake")));
        }
        catch (CatalogFormatException expected)
        {
            var warning = Assert.Single(load.Diagnostics);
            Assert.Equal(new SourceLocation(page, expected.Line, expected.Column), warning.Location);
        }
    }

    [Fact]
    public void A_whole_folder_loads_the_same_lazily_cold_and_warm_as_reading_every_page_in_full()
    {
        using var catalog = TestEnvironment.CreateTemporaryDirectory();
        var random = new Random(7);
        for (var i = 0; i < 120; i++)
        {
            catalog.Write($"develop/p{i % 40}-{i}/specs.md", JsonLinePageReaderTests.GeneratedPage(random, i));
        }

        AssertLoadsAsReadInFull(catalog.Path);
    }

    [Fact]
    public void Pages_too_large_for_the_pooled_buffers_load_the_same_as_reading_them_in_full_several_at_once()
    {
        // Past 64 KB a page is read into the load's one large buffer, which the reading threads take in turn.
        using var catalog = TestEnvironment.CreateTemporaryDirectory();
        var random = new Random(11);
        foreach (var (name, entries) in new[] { ("big-a", 300), ("big-b", 1200), ("big-c", 280), ("big-d", 700), ("big-e", 1200) })
        {
            var specs = Enumerable.Range(0, entries).Select(i => $"{{\"hash\": \"{name}{i:D6}\", \"versions\": [\"{random.Next(1, 30)}.{i % 7}\"], \"os\": \"{(i % 3 == 0 ? "rhel8" : "ubuntu24.04")}\", \"platform\": \"linux\", \"target\": \"{(i % 2 == 0 ? "x86_64_v3" : "aarch64")}\", \"compiler\": \"gcc@13.3.0\", \"variants\": [\"+shared\", \"build_system=cmake\"], \"stacks\": [\"{(i % 5 == 0 ? "e4s" : "root")}\"], \"size\": 1048576, \"tarball\": \"https://binaries.example/{name}/{i}.spack\"}}");
            catalog.Write($"develop/{name}/specs.md", $"---\ntitle: \"{name}\"\ncategories: [package, develop]\nspec_details: [{string.Join(", ", specs)}]\n---\n");
        }

        for (var i = 0; i < 40; i++)
        {
            catalog.Write($"develop/small-{i}/specs.md", JsonLinePageReaderTests.GeneratedPage(random, i));
        }

        var sizes = Directory.GetFiles(catalog.Path, "specs.md", SearchOption.AllDirectories).Select(f => new FileInfo(f).Length).ToList();
        Assert.Equal(5, sizes.Count(size => size > 64 * 1024));
        Assert.Contains(sizes, size => size > 256 * 1024);
        AssertLoadsAsReadInFull(catalog.Path);
    }

    /// <summary>A load of the folder without a cache, cold with one and warm: each gives what reading every page in full gives.</summary>
    private static void AssertLoadsAsReadInFull(string root)
    {
        using var obj = TestEnvironment.CreateTemporaryDirectory();
        Settle(root);
        var full = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var fullFacts = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(root, "specs.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (var spec in CatalogPageReader.Read(path, File.ReadAllBytes(path), "develop") ?? [])
            {
                (full.TryGetValue(spec.Name, out var list) ? list : full[spec.Name] = []).AddRange(JsonLinePageReaderTests.Describe([spec]));
                (fullFacts.TryGetValue(spec.Name, out var facts) ? facts : fullFacts[spec.Name] = []).Add(FactText(SpecFacts.Of(spec)));
            }
        }

        var options = new CatalogLoadOptions { CacheDirectory = obj.Path };
        foreach (var load in new[] { SourceKinds.Load([root]), SourceKinds.Load([root], options), SourceKinds.Load([root], options) })
        {
            Assert.Empty(load.Diagnostics);
            Assert.Equal(full.Keys.Order(StringComparer.Ordinal), load.Catalog.PackageNames.Order(StringComparer.Ordinal));
            Assert.Equal(full.Values.Sum(v => v.Count), load.Catalog.SpecCount);
            foreach (var name in full.Keys)
            {
                // The summary's facts are counted without building a spec; then the specs, built on lookup.
                Assert.Equal(fullFacts[name].Order(StringComparer.Ordinal), load.Catalog.FactsFor(name).Select(FactText).Order(StringComparer.Ordinal));
                Assert.Equal(full[name].Order(StringComparer.Ordinal), JsonLinePageReaderTests.Describe(load.Catalog.SpecsFor(name)).Order(StringComparer.Ordinal));
            }
        }
    }

    [Fact]
    public void A_page_edited_after_the_load_is_CT2006_when_its_package_is_looked_up_and_never_an_answer_from_the_new_bytes()
    {
        using var catalog = TestEnvironment.CreateTemporaryDirectory();
        using var obj = TestEnvironment.CreateTemporaryDirectory();
        var page = catalog.Write("develop/zlib/specs.md", Good);
        Settle(catalog.Path);
        var cold = SourceKinds.Load([catalog.Path], new CatalogLoadOptions { CacheDirectory = obj.Path });
        var warm = SourceKinds.Load([catalog.Path], new CatalogLoadOptions { CacheDirectory = obj.Path });

        File.WriteAllText(page, Good.Replace("\"1.3\"", "\"1.4\""));
        File.SetLastWriteTimeUtc(page, LongAgo.AddMinutes(5));

        foreach (var load in new[] { cold, warm })
        {
            var error = Assert.Throws<IndexChangedException>(() => load.Catalog.SpecsFor("zlib"));
            Assert.Equal((page, string.Format(Messages.PageChangedWhileRead, page)), (error.Path, error.Message));
        }

        // A load after the edit reads the page as it is now.
        Assert.Equal("1.4", Assert.Single(SourceKinds.Load([catalog.Path], new CatalogLoadOptions { CacheDirectory = obj.Path }).Catalog.SpecsFor("zlib")).Versions[0].Text);
    }

    [Fact]
    public void A_check_whose_page_was_rewritten_since_the_shared_load_is_CT2006_at_the_page()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var page = folder.Write("catalog/develop/zlib/specs.md", Good);
        folder.Write("catalog/develop/cmake/specs.md", Good.Replace("zlib", "cmake"));
        Settle(folder.Combine("catalog"));
        var kept = new CacheTasks.Core.Tests.Run.CatalogLoadSharingTests.RecordingLoadCache();
        CoverageRunOptions Options(string requirement) => new()
        {
            CatalogSources = [folder.Combine("catalog")],
            Arches = ["linux-ubuntu24.04-x86_64"],
            Requirements = [new RequirementInput(requirement)],
            LoadedCatalogs = kept,
            ReportDirectory = folder.Combine("reports"),
            EnvironmentVariables = new Dictionary<string, string>(),
        };

        var first = CoverageRun.Execute(Options("cmake"));
        File.WriteAllText(page, Good.Replace("aaaa", "bbbbbb"));
        var second = CoverageRun.Execute(Options("zlib"));

        Assert.Equal(CoverageStatus.Covered, Assert.Single(first.Result!.Rows).Status);
        Assert.Equal(1, kept.Found);
        Assert.Null(second.Result);
        var changed = Assert.Single(second.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal((DiagnosticCodes.CatalogChanged, string.Format(Messages.PageChangedWhileRead, page), new SourceLocation(page)), (changed.Code, changed.Message, changed.Location));
    }

    private static void AssertSame(IReadOnlyList<CatalogSpec> full, PageFacts facts, IReadOnlyList<CatalogSpec> built)
    {
        Assert.NotEmpty(full);
        Assert.Equal(JsonLinePageReaderTests.Describe(full), JsonLinePageReaderTests.Describe(built));
        Assert.Equal(full.Select(SpecFacts.Of).Select(FactText), facts.Facts().Select(FactText));
        Assert.Equal((full[0].Name, full.Count), (facts.Name, facts.Count));
    }

    private static string FactText(SpecFacts facts) => $"{facts.Name} {facts.Arch} {string.Join(",", facts.Stacks)} {facts.Tag}";

    private static void Settle(string root) => CatalogCacheTests.Settle(root, LongAgo);
}
