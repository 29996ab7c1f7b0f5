using System.Text.RegularExpressions;
using CacheTasks.Catalog;
using CacheTasks.Diagnostics;
using CacheTasks.Mirrors;
using CacheTasks.Sources;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Sources;

/// <summary>The one place a SpackCatalog entry's kind is decided, and what each kind gives the loader.</summary>
public sealed class SourceKindsTests
{
    [Theory]
    [InlineData("https://binaries.spack.io/develop", "https")]
    [InlineData("HTTP://127.0.0.1:8080/m", "https")]
    [InlineData("file:///srv/mirror", "file-mirror")]
    public void A_url_is_the_kind_of_its_scheme(string text, string kind)
    {
        Assert.Equal(kind, SourceKinds.Of(text)!.Name);
        Assert.True(SourceKinds.IsUrl(text));
    }

    [Fact]
    public void A_local_path_is_a_folder_when_it_is_one_and_else_a_file_even_when_it_does_not_exist()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var page = folder.Write("develop/zlib/specs.md", "page");

        Assert.Equal("folder", SourceKinds.Of(folder.Path)!.Name);
        Assert.Equal("file", SourceKinds.Of(page)!.Name);
        Assert.Equal("file", SourceKinds.Of(folder.Combine("missing"))!.Name);
        Assert.False(SourceKinds.IsUrl(folder.Path));
    }

    [Fact]
    public void A_url_of_a_scheme_no_kind_reads_is_refused_with_the_schemes_that_are_read()
    {
        Assert.Null(SourceKinds.Of("ftp://example.org/mirror"));

        var problem = SourceKinds.Problem("ftp://example.org/mirror");

        var schemes = string.Join(", ", SourceKinds.All.OfType<UrlSource>().SelectMany(k => k.Schemes).Select(s => s + "://"));
        Assert.Equal(string.Format(Messages.MirrorUrlValues, schemes), problem);
        Assert.Contains("https://", schemes, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://user:secret@example.org/m")]
    [InlineData("https://example.org/m?token=x")]
    public void A_url_with_credentials_or_a_query_is_refused_by_its_kind(string text)
    {
        Assert.NotNull(SourceKinds.Problem(text));
    }

    [Fact]
    public void The_targets_tell_a_url_by_the_same_rule()
    {
        var targets = File.ReadAllText(TestEnvironment.Repository("build", "CacheTasks.targets"));

        // The targets cannot call SourceKinds.IsUrl; they must test exactly what it tests.
        Assert.Matches(new Regex(@"\$\(SpackCatalog\.Contains\('://'\)\)"), targets);
        Assert.True(SourceKinds.IsUrl("s3://bucket/prefix"));
        Assert.False(SourceKinds.IsUrl("C:\\catalog"));
    }

    [Fact]
    public void The_same_local_source_written_two_ways_has_one_key_and_a_url_keeps_its_text()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();

        Assert.Equal(SourceKinds.Key(folder.Path), SourceKinds.Key(folder.Path + Path.DirectorySeparatorChar));
        Assert.Equal("https://example.org/m", SourceKinds.Key(" https://example.org/m "));
    }

    [Fact]
    public void A_missing_path_is_CT2002_and_is_watched_as_absent()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var missing = folder.Combine("nothing-here");
        var diagnostics = new List<Diagnostic>();

        var resolved = Assert.Single(SourceKinds.Resolve([missing], SourceContext.Default, diagnostics));

        Assert.False(resolved.HasContent);
        Assert.Equal([missing], resolved.Absent);
        Assert.Equal(string.Format(Messages.CatalogSourceMissing, missing), Assert.Single(diagnostics).Message);
    }

    [Fact]
    public void A_json_file_is_an_index_and_any_other_file_a_page()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var index = folder.Write("index.json", "{}");
        var page = folder.Write("specs.md", "---\n---");

        var resolved = SourceKinds.Resolve([index, page], SourceContext.Default, []);

        Assert.Equal([new CatalogSourceFile(index, IsIndex: true)], resolved[0].Files);
        Assert.Equal([new CatalogSourceFile(page, IsIndex: false)], resolved[1].Files);
    }

    [Fact]
    public void A_file_url_to_an_old_layout_mirror_reads_its_index_in_place_and_to_a_plain_folder_searches_it()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var legacy = folder.Write("mirror/build_cache/index.json", "{}");
        folder.Write("pages/develop/zlib/specs.md", "page");

        var resolved = SourceKinds.Resolve([new Uri(folder.Combine("mirror")).AbsoluteUri, new Uri(folder.Combine("pages")).AbsoluteUri], SourceContext.Default, []);

        Assert.Equal([new CatalogSourceFile(legacy, IsIndex: true)], resolved[0].Files);
        Assert.Equal("file-mirror", resolved[0].Kind);
        Assert.Equal(folder.Combine("pages"), resolved[1].Folder);
        Assert.Equal(new Uri(folder.Combine("pages")).AbsoluteUri, resolved[1].Written);
    }

    [Fact]
    public void A_mirror_offline_with_nothing_cached_has_nothing_to_read_and_says_so_once()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var diagnostics = new List<Diagnostic>();
        var context = new SourceContext(new MirrorOptions { Refresh = MirrorRefresh.Never, CacheDirectory = folder.Path });

        var resolved = Assert.Single(SourceKinds.Resolve(["https://binaries.spack.io/develop"], context, diagnostics));

        Assert.False(resolved.HasContent);
        Assert.Equal(DiagnosticCodes.EmptyCatalogSource, Assert.Single(diagnostics).Code);
    }
}
