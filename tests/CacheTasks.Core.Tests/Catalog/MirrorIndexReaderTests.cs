using System.Text;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Sources;
using CacheTasks.Diagnostics;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Catalog;

/// <summary>Spack build-cache indexes, database versions 6, 7 and 8, from ../shared/catalog-index-samples.</summary>
public sealed class MirrorIndexReaderTests
{
    private static string Sample(string name) => TestEnvironment.Shared("catalog-index-samples", name);

    private static IReadOnlyList<CatalogSpec> ReadSample(string name)
    {
        var path = Sample(name);
        return MirrorIndexReader.Read(path, File.ReadAllBytes(path));
    }

    [Fact]
    public void Version_6_gives_name_version_arch_from_the_target_object_compiler_object_boolean_variants_and_hash()
    {
        var spec = Assert.Single(ReadSample("legacy_yaml-index.db-v6.json"));

        Assert.Equal(("zlib", "1.2.11", "t5mczux3tfqpxwmg7egp7axy2jvyulqk"), (spec.Name, spec.VersionText, spec.Hash));
        Assert.Equal("test-debian6-core2", spec.Arch.ToString());
        Assert.Equal("gcc@4.5.0", spec.CompilerText);
        Assert.Equal(["+optimize", "+pic", "+shared"], spec.Variants.Written);
        Assert.Empty(spec.Stacks);
        Assert.Null(spec.Tag);
        Assert.Equal((4, 7), (spec.Source.Line, spec.Source.Column));
    }

    [Fact]
    public void Version_7_reads_every_install_with_its_compiler_and_single_valued_variants()
    {
        var specs = ReadSample("v2_layout-unsigned-index.db-v7.json");

        Assert.Equal(
            ["libdwarf@20130729 sk2gqqz4n5njmvktycnd25wq25jxiqkr test-debian6-core2 gcc@10.2.1 build_system=generic", "libelf@0.8.13 rqh2vuf6fqwkmipzgi2wjx352mq7y7ez test-debian6-core2 gcc@10.2.1 build_system=generic"],
            specs.Select(s => $"{s.Name}@{s.VersionText} {s.Hash} {s.Arch} {s.CompilerText} {string.Join(" ", s.Variants.Written)}").Order());
    }

    [Fact]
    public void Version_8_takes_the_compiler_from_the_annotation_or_the_compiler_dependency_and_skips_externals()
    {
        var specs = ReadSample("v2_layout-unsigned-index.db-v8.json");

        // gcc itself is an external that is not in the build cache.
        Assert.DoesNotContain(specs, s => s.Name == "gcc");
        Assert.Equal(6, specs.Count);
        string Compiler(string hash) => specs.Single(s => s.Hash == hash).CompilerText;
        Assert.Equal("gcc@10.2.1", Compiler("rqh2vuf6fqwkmipzgi2wjx352mq7y7ez")); // annotations.compiler "gcc@=10.2.1"
        Assert.Equal("gcc@10.2.1", Compiler("jr3yipyxyjulcdvckwwwjrrumis7glpa")); // build dependency gcc providing c
        Assert.Equal("gcc@10.2.1", Compiler("u5uz3dcch5if4eve4sef67o2rf2lbfgh")); // c and cxx
        Assert.Equal("none", Compiler("qeehcxyvluwnihsc2qxstmpomtxo3lrc")); // compiler-wrapper builds with nothing
        Assert.Equal("none", Compiler("izgzpzeljwairalfjm3k6fntbb64nt6n")); // gcc-runtime: gcc is a build dependency but provides no language
        Assert.Equal(["core2", "core2", "m1", "m1", "m1", "m1"], specs.Select(s => s.Target).Order());
        Assert.All(specs, s => Assert.Equal(["build_system=generic"], s.Variants.Written));
    }

    [Fact]
    public void The_string_form_of_target_and_list_parameters_are_read()
    {
        var index = """
            {"database": {"version": "8", "installs": {
              "abc": {"spec": {"name": "gcc", "version": "10.2.1", "arch": {"platform": "linux", "platform_os": "ubuntu24.04", "target": "x86_64"},
                       "parameters": {"languages": ["c", "c++"], "cflags": ["-O2"], "shared": false, "jobs": 4}, "hash": "abc"}, "in_buildcache": true}}}}
            """;

        var spec = Assert.Single(MirrorIndexReader.Read("index.json", Encoding.UTF8.GetBytes(index)));

        Assert.Equal("linux-ubuntu24.04-x86_64", spec.Arch.ToString());
        Assert.Equal(["jobs=4", "languages=c,c++", "~shared"], spec.Variants.Written);
        Assert.True(spec.Variants.Satisfies(new CacheTasks.Specs.VariantRequest("languages", ["c++"], Exact: false, "languages=c++")));
    }

    [Fact]
    public void An_unsupported_database_version_is_reported_at_the_version()
    {
        var index = "{\"database\": {\"installs\": {},\n  \"version\": \"5\"}}";

        var error = Assert.Throws<CatalogFormatException>(() => MirrorIndexReader.Read("index.json", Encoding.UTF8.GetBytes(index)));

        Assert.Equal(string.Format(Messages.IndexErrorVersion, "5", "6, 7, 8"), error.Message);
        Assert.Equal((2, 14), (error.Line, error.Column));
    }

    [Fact]
    public void Broken_json_is_reported_at_its_line_and_column()
    {
        var index = "{\"database\": {\"version\": \"7\",\n \"installs\": {\"x\": {\"spec\": {\"name\": \"zlib\",, }}}}}";

        var error = Assert.Throws<CatalogFormatException>(() => MirrorIndexReader.Read("index.json", Encoding.UTF8.GetBytes(index)));

        Assert.StartsWith(string.Format(Messages.IndexErrorJson, string.Empty), error.Message);
        Assert.Equal(2, error.Line);
        Assert.Equal(index.Split('\n')[1].IndexOf(",,", StringComparison.Ordinal) + 2, error.Column);
    }

    [Fact]
    public void An_install_without_a_name_is_reported_at_that_install()
    {
        var index = "{\"database\": {\"version\": \"7\", \"installs\": {\n\"x\": {\"spec\": {\"version\": \"1\", \"arch\": {\"platform\": \"linux\", \"platform_os\": \"o\", \"target\": \"t\"}}}}}}";

        var error = Assert.Throws<CatalogFormatException>(() => MirrorIndexReader.Read("index.json", Encoding.UTF8.GetBytes(index)));

        Assert.Equal((string.Format(Messages.IndexErrorMissingField, "spec.name"), 2, 1), (error.Message, error.Line, error.Column));
    }

    [Fact]
    public void The_loader_finds_indexes_in_folders_tags_them_with_the_mirror_name_and_mixes_them_with_pages()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("mirrors/e4s/build_cache/index.json", File.ReadAllText(Sample("v2_layout-unsigned-index.db-v7.json")));
        folder.Write("pages/develop/zlib/specs.md", "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"aaaa\", \"versions\": [\"1.3\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64\"}]\n---");
        folder.Write("mirrors/e4s/build_cache/other.json", "not an index, and not looked at");
        folder.Write("mirrors/e4s/notes.txt", "ignored");

        var result = SourceKinds.Load([folder.Path, Sample("legacy_yaml-index.db-v6.json")]);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["e4s"], result.Catalog.SpecsFor("libelf").Select(s => s.Tag));
        Assert.Equal("develop", Assert.Single(result.Catalog.SpecsFor("zlib"), s => s.Hash == "aaaa").Tag);
        Assert.Equal("test-debian6-core2", Assert.Single(result.Catalog.SpecsFor("zlib"), s => s.Hash != "aaaa").Arch.ToString());
        Assert.Equal(2 + 1 + 1, result.Catalog.SpecCount);
    }

    [Fact]
    public void A_broken_index_in_a_folder_is_CT2001_with_its_location_and_the_rest_is_used()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var broken = folder.Write("a/build_cache/index.json", "{\"database\": {\"version\": \"9\", \"installs\": {}}}");
        folder.Write("b/build_cache/index.json", File.ReadAllText(Sample("legacy_yaml-index.db-v6.json")));

        var result = SourceKinds.Load([folder.Path]);

        Assert.Equal(1, result.Catalog.SpecCount);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.UnreadableCatalogFile, diagnostic.Code);
        Assert.Equal(string.Format(Messages.CatalogFileSkipped, string.Format(Messages.IndexErrorVersion, "9", "6, 7, 8")), diagnostic.Message);
        Assert.Equal(new SourceLocation(broken, 1, 26), diagnostic.Location);
    }
}
