using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Specs;

namespace CacheTasks.Core.Tests.Catalog;

public sealed class LazyVersionListTests
{
    [Theory]
    [InlineData("1.2.3")]
    [InlineData("2025.08.20")]
    [InlineData("2.26-t9b_atlas")]
    [InlineData("git.abc=1.0")]
    [InlineData("git.abc")]
    [InlineData("git.=1.0")]
    [InlineData("git.abc=")]
    [InlineData("1.2=3")]
    [InlineData("=1")]
    [InlineData("...")]
    [InlineData("_1")]
    [InlineData(" 1.2 ")]
    [InlineData("")]
    [InlineData("1 2")]
    [InlineData("1.2+cuda")]
    [InlineData("é1")]
    public void The_page_time_check_accepts_exactly_what_the_version_parser_accepts(string text)
    {
        Assert.Equal(SpackVersion.TryParse(text, out _), LazyVersionList.IsValid(text));
    }

    [Fact]
    public void Random_strings_are_judged_the_same_as_by_the_version_parser()
    {
        var random = new Random(7);
        const string alphabet = "ab9Z0._-= \tgit.é+";
        for (var i = 0; i < 20000; i++)
        {
            var chars = new char[random.Next(0, 9)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            var text = (random.Next(4) == 0 ? "git." : string.Empty) + new string(chars);
            Assert.True(SpackVersion.TryParse(text, out _) == LazyVersionList.IsValid(text), $"'{text}'");
        }
    }

    [Fact]
    public void Versions_are_parsed_when_first_used()
    {
        var list = new LazyVersionList(["1.2", "git.abc=2.0"]);

        Assert.Equal(2, list.Count);
        Assert.Equal(["1.2", "git.abc=2.0"], list.Select(v => v.Text));
        Assert.True(list[1].IsGitVersion);
    }
}
