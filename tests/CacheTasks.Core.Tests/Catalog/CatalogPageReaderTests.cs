using CacheTasks.Catalog;

namespace CacheTasks.Core.Tests.Catalog;

public sealed class CatalogPageReaderTests
{
    [Fact]
    public void A_markdown_file_without_front_matter_is_not_a_page()
    {
        Assert.Null(CatalogPageReader.Read("README.md", "# About this cache\n\nNothing to see.\n"));
    }

    [Fact]
    public void Front_matter_without_specs_is_not_a_page()
    {
        Assert.Null(CatalogPageReader.Read("index.md", "---\ntitle: \"Home\"\nlayout: home\n---\nWelcome"));
    }

    [Fact]
    public void Invalid_yaml_is_reported_at_its_line_and_column_in_the_file()
    {
        var text = "---\ntitle: \"zlib\"\nmeta: {\"versions\": [\"1.3\"]}\nspec_details: [{\"hash\": \"abc\", \"versions\": [\"1.3\"}]\n---";

        var error = Assert.Throws<CatalogFormatException>(() => CatalogPageReader.Read("zlib/specs.md", text));

        Assert.Equal(4, error.Line);
        Assert.True(error.Column > 1, $"column {error.Column}");
    }

    [Fact]
    public void A_page_without_the_closing_fence_is_reported()
    {
        var error = Assert.Throws<CatalogFormatException>(() => CatalogPageReader.Read("p.md", "---\ntitle: \"zlib\"\nspec_details: []\n"));

        Assert.Equal(Messages.PageErrorNoClosingFence, error.Message);
    }

    [Fact]
    public void A_spec_without_hash_is_reported_at_that_spec()
    {
        var text = "---\ntitle: \"zlib\"\nspec_details:\n  - {\"hash\": \"aaaa\", \"versions\": [\"1\"], \"os\": \"o1\", \"platform\": \"linux\", \"target\": \"x86_64\"}\n  - {\"versions\": [\"1\"], \"os\": \"o1\", \"platform\": \"linux\", \"target\": \"x86_64\"}\n---";

        var error = Assert.Throws<CatalogFormatException>(() => CatalogPageReader.Read("p.md", text));

        Assert.Equal(string.Format(Messages.PageErrorMissingField, "hash"), error.Message);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void Spec_details_of_the_wrong_type_is_reported()
    {
        var error = Assert.Throws<CatalogFormatException>(() => CatalogPageReader.Read("p.md", "---\ntitle: \"zlib\"\nspec_details: \"none\"\n---"));

        Assert.Equal(string.Format(Messages.PageErrorFieldType, "spec_details", "a list"), error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Crlf_line_ends_and_a_byte_order_mark_are_read()
    {
        var text = "\uFEFF---\r\ntitle: \"zlib\"\r\nspec_details: [{\"hash\": \"aaaa\", \"versions\": [\"1.3\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64\"}]\r\n---\r\n";

        var spec = Assert.Single(CatalogPageReader.Read("p.md", text)!);

        Assert.Equal("zlib", spec.Name);
        Assert.Equal("none", spec.CompilerText);
    }

    [Fact]
    public void A_G1_page_is_read_from_spec_details_with_its_arches_string_and_bare_variant_names()
    {
        // The oldest generator's layout (SOURCE.md, G1): arches as one string, variant names only, and spec_files/spec_names beside spec_details.
        var text = "---\ntitle: \"zlib\"\nlayout: cache\ncategories: [package, v0.16.0]\n"
            + "meta: {\"versions\": [\"1.2.11\"], \"compilers\": [\"gcc@7.5.0\"], \"arches\": [\"linux-ubuntu18.04-x86_64\"], \"stacks\": [\"e4s\"]}\n"
            + "spec_details: [{\"hash\": \"abcd\", \"compiler\": \"gcc@7.5.0\", \"versions\": [\"1.2.11\"], \"arches\": \"linux-ubuntu18.04-x86_64\", \"variants\": [\"optimize\", \"pic\", \"shared\"], \"stacks\": [\"e4s\"], \"size\": 1048576}]\n"
            + "spec_files:\n - spec-0.json\nspec_names:\n - 'zlib@1.2.11%gcc@7.5.0 arch=linux-ubuntu18.04-x86_64'\n---";

        var spec = Assert.Single(CatalogPageReader.Read("v0.16.0/zlib/specs.md", text)!);

        Assert.Equal(("zlib", "1.2.11", "abcd", "linux-ubuntu18.04-x86_64", "gcc@7.5.0", "v0.16.0"), (spec.Name, spec.VersionText, spec.Hash, spec.Arch.ToString(), spec.CompilerText, spec.Tag));
        Assert.True(spec.Variants.Has("shared"));
        Assert.False(spec.Variants.Satisfies(CacheTasks.Specs.VariantRequest.Enabled("shared", "+shared")));
        Assert.Equal(["e4s"], spec.Stacks);
    }

    [Fact]
    public void A_G1_arches_value_that_is_not_platform_os_target_is_reported_there()
    {
        var text = "---\ntitle: \"zlib\"\nspec_details: [{\"hash\": \"abcd\", \"versions\": [\"1\"], \"arches\": \"linux-x86_64\"}]\n---";

        var error = Assert.Throws<CatalogFormatException>(() => CatalogPageReader.Read("p.md", text));

        Assert.Equal(string.Format(Messages.PageErrorFieldType, "arches", "platform-os-target"), error.Message);
        Assert.Equal(3, error.Line);
    }
}
