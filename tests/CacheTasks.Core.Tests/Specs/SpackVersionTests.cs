using CacheTasks.Specs;

namespace CacheTasks.Core.Tests.Specs;

public sealed class SpackVersionTests
{
    [Theory]
    [InlineData("1.2", "1.2.0")]
    [InlineData("1.2rc1", "1.2")]
    [InlineData("1.2alpha", "1.2beta")]
    [InlineData("1.2beta2", "1.2rc1")]
    [InlineData("1.9", "1.10")]
    [InlineData("1.a", "1.1")]
    [InlineData("2.26-t9b_atlas", "2.27")]
    [InlineData("999999999999999999999", "1000000000000000000000")]
    [InlineData("2025.8.20", "2025.8.21")]
    [InlineData("9999", "stable")]
    [InlineData("stable", "nightly")]
    [InlineData("trunk", "head")]
    [InlineData("master", "main")]
    [InlineData("main", "develop")]
    public void Older_versions_sort_first(string older, string newer)
    {
        var a = SpackVersion.Parse(older);
        var b = SpackVersion.Parse(newer);

        Assert.True(a < b, $"{older} < {newer}");
        Assert.True(b > a, $"{newer} > {older}");
    }

    [Theory]
    [InlineData("2025.8.20", "2025.08.20")]
    [InlineData("1.2.3", "1-2_3")]
    [InlineData("1.2rc1", "1.2-rc1")]
    public void Separators_and_leading_zeros_do_not_change_equality(string left, string right)
    {
        Assert.Equal(SpackVersion.Parse(left), SpackVersion.Parse(right));
        Assert.Equal(0, SpackVersion.Parse(left).CompareTo(SpackVersion.Parse(right)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("=1")]
    [InlineData("a=b=c")]
    [InlineData("git.")]
    [InlineData("git.ref=")]
    [InlineData("@1")]
    [InlineData("1 2")]
    public void Text_that_is_not_a_version_is_rejected(string text)
    {
        Assert.False(SpackVersion.TryParse(text, out _));
    }
}
