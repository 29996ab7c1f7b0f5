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
}
