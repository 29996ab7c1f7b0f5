using CacheTasks.Catalog;
using CacheTasks.Sources;
using CacheTasks.Diagnostics;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Catalog;

public sealed class CatalogLoaderTests
{
    private const string GoodPage = "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"aaaa\", \"versions\": [\"1.3\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64\", \"compiler\": \"gcc@13.3.0\"}]\n---";

    [Fact]
    public void A_broken_page_is_skipped_with_CT2001_and_the_rest_is_used()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("develop/zlib/specs.md", GoodPage);
        var broken = folder.Write("develop/cmake/specs.md", "---\ntitle: \"cmake\"\nspec_details: [{\"hash\": \n---");
        folder.Write("README.md", "# not a page\n");

        var result = SourceKinds.Load([folder.Path]);

        Assert.Equal(1, result.Catalog.SpecCount);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.UnreadableCatalogFile, diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(broken, diagnostic.Location!.File);
        Assert.True(diagnostic.Location.Line >= 3);
    }

    [Fact]
    public void A_source_that_does_not_exist_is_CT2002()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var missing = folder.Combine("nope");

        var result = SourceKinds.Load([missing]);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.EmptyCatalogSource, diagnostic.Code);
        Assert.Equal(string.Format(Messages.CatalogSourceMissing, missing), diagnostic.Message);
    }

    [Fact]
    public void A_folder_without_pages_is_CT2002()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("notes.md", "just notes");

        var result = SourceKinds.Load([folder.Path]);

        Assert.Equal(string.Format(Messages.CatalogSourceEmpty, folder.Path), Assert.Single(result.Diagnostics).Message);
    }

    [Fact]
    public void Several_sources_are_merged_and_file_urls_are_local_paths()
    {
        using var first = TestEnvironment.CreateTemporaryDirectory();
        using var second = TestEnvironment.CreateTemporaryDirectory();
        first.Write("develop/zlib/specs.md", GoodPage);
        var page = second.Write("v1/zlib/specs.md", GoodPage.Replace("aaaa", "bbbb"));

        // URLs are resolved before the loader sees them (issue 13: the loader reads only local files).
        var diagnostics = new List<Diagnostic>();
        var sources = SourceKinds.Resolve([first.Path, new Uri(page).AbsoluteUri], SourceContext.Default, diagnostics);
        var result = CatalogLoader.Load(sources, CatalogLoadOptions.Default);

        Assert.Empty(diagnostics);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(["aaaa", "bbbb"], result.Catalog.SpecsFor("zlib").Select(s => s.Hash).Order());
    }

    [Fact]
    public void A_legacy_page_under_a_tag_folder_takes_its_tag_from_the_folder()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("v0.16.0/cinch/specs.md", "---\ntitle: \"cinch\"\ncategory: package\nspec_names:\n - 'cinch@master%gcc@7.3.0 arch=linux-rhel7-ppc64le'\n---");
        folder.Write("cinch/specs.md", "---\ntitle: \"cinch\"\ncategory: package\nspec_names:\n - 'cinch@develop%gcc@7.3.0 arch=linux-rhel7-ppc64le'\n---");
        folder.Write("develop/zlib/specs.md", GoodPage.Replace("categories: [package, develop]\n", string.Empty));

        var result = SourceKinds.Load([folder.Path]);

        Assert.Empty(result.Diagnostics);
        Assert.Equal([("develop", null), ("master", "v0.16.0")], result.Catalog.SpecsFor("cinch").Select(s => (s.VersionText, s.Tag)).Order());
        Assert.Equal("develop", Assert.Single(result.Catalog.SpecsFor("zlib")).Tag);
    }

    [Fact]
    public void The_shared_legacy_page_has_no_tag_because_it_sits_directly_in_the_catalog()
    {
        var result = SourceKinds.Load([TestEnvironment.SharedCatalog]);

        Assert.All(result.Catalog.SpecsFor("cinch").Where(s => s.Hash is null), s => Assert.Null(s.Tag));
        Assert.Equal("v0.18.0", Assert.Single(result.Catalog.SpecsFor("cinch"), s => s.Hash is not null).Tag);
    }
}
