using CacheTasks.Catalog;
using CacheTasks.Sources;
using CacheTasks.Testing;
using YamlDotNet.RepresentationModel;

namespace CacheTasks.Core.Tests.Catalog;

/// <summary>The real cache pages in ../shared/catalog, read from there.</summary>
public sealed class SharedCatalogTests
{
    public static TheoryData<string> PagesWithDetails() =>
    [
        "develop/py-pdm-backend/specs.md",
        "develop/compiler-wrapper/specs.md",
        "develop/aida/specs.md",
        "develop/ampt/specs.md",
        "develop/alpgen/specs.md",
        "develop/armpl-gcc/specs.md",
        "develop/msmpi/specs.md",
        "develop/arkouda/specs.md",
        "develop/gcc-runtime/specs.md",
        "develop-2025-03-30/rocblas/specs.md",
        "develop-2025-03-23/rocblas/specs.md",
        "v0.22.0/py-keras/specs.md",
        "v0.18.0/cinch/specs.md",
    ];

    [Theory]
    [MemberData(nameof(PagesWithDetails))]
    public void Every_page_yields_as_many_specs_as_its_meta_num_specs(string relativePath)
    {
        var path = Path.Combine(TestEnvironment.SharedCatalog, relativePath);
        var text = File.ReadAllText(path);

        var specs = CatalogPageReader.Read(path, text);

        Assert.NotNull(specs);
        Assert.Equal(NumSpecs(text), specs.Count);
        Assert.All(specs, s => Assert.Matches("^[a-z2-7]{32}$", s.Hash!));
    }

    [Fact]
    public void Page_fields_become_spec_fields()
    {
        var path = Path.Combine(TestEnvironment.SharedCatalog, "develop-2025-03-30/rocblas/specs.md");

        var specs = CatalogPageReader.Read(path, File.ReadAllText(path))!;

        var spec = Assert.Single(specs, s => s.Hash == "m5jut4q2qkyufekze7bmj6r5yc5ofayi");
        Assert.Equal("rocblas", spec.Name);
        Assert.Equal("6.1.2", spec.VersionText);
        Assert.Equal(("linux", "ubuntu24.04", "x86_64_v3"), (spec.Platform, spec.Os, spec.Target));
        Assert.Equal("gcc@13.2.0", spec.CompilerText);
        Assert.Contains("amdgpu_target:=gfx90a", spec.Variants.Written);
        Assert.Equal(["ml-linux-x86_64-rocm", "root"], spec.Stacks);
        Assert.Equal("develop-2025-03-30", spec.Tag);
        Assert.Equal(6, spec.Source.Line);
    }

    [Fact]
    public void The_legacy_page_is_read_from_its_spec_names()
    {
        var path = Path.Combine(TestEnvironment.SharedCatalog, "cinch/specs.md");

        var specs = CatalogPageReader.Read(path, File.ReadAllText(path))!;

        Assert.Equal(44, specs.Count);
        Assert.Contains(specs, s => s.VersionText == "master" && s.Arch.ToString() == "cray-cnl7-haswell" && s.CompilerText == "intel@19.1.3.304");
    }

    [Fact]
    public void Loading_the_whole_shared_catalog_uses_every_page_and_reports_nothing()
    {
        var result = SourceKinds.Load([TestEnvironment.SharedCatalog]);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(95 + 45 + 1 + 5 + 7 + 10 + 4 + 2 + 29 + 2 + 2 + 9 + 1 + 44, result.Catalog.SpecCount);
        Assert.Equal(4 + 2, result.Catalog.SpecsFor("rocblas").Count + result.Catalog.SpecsFor("arkouda").Count);
    }

    private static int NumSpecs(string pageText)
    {
        // The expected count comes from the page's own meta, read independently of the reader under test.
        var end = pageText.IndexOf("\n---", 4, StringComparison.Ordinal);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(pageText[4..end]));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var meta = (YamlMappingNode)root.Children[new YamlScalarNode("meta")];
        return int.Parse(((YamlScalarNode)meta.Children[new YamlScalarNode("num_specs")]).Value!, System.Globalization.CultureInfo.InvariantCulture);
    }
}
