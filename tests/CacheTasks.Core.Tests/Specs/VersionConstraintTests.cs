using CacheTasks.Specs;

namespace CacheTasks.Core.Tests.Specs;

public sealed class VersionConstraintTests
{
    [Theory]
    [InlineData("2.4", "2.4", true)]
    [InlineData("2.4", "2.4.3", true)]
    [InlineData("2.4", "2.4-custom", true)]
    [InlineData("2.4", "2.40", false)]
    [InlineData("2.4", "2.4rc1", false)]
    [InlineData("2.4", "2.5", false)]
    [InlineData("2.4:", "3.0", true)]
    [InlineData("2.4:", "2.3.9", false)]
    [InlineData(":2.4", "2.4.9", true)]
    [InlineData(":2.4", "2.5", false)]
    [InlineData("1.2:1.4", "1.4.7", true)]
    [InlineData("1.2:1.4", "1.5", false)]
    [InlineData("1.2:1.4", "1.1.9", false)]
    [InlineData("=2.4", "2.4", true)]
    [InlineData("=2.4", "2.4.3", false)]
    [InlineData("=1.4", "git.0123456789abcdef0123456789abcdef01234567=1.4", false)]
    [InlineData("1.4", "git.0123456789abcdef0123456789abcdef01234567=1.4", true)]
    [InlineData("1.0,1.2:1.4", "1.0.1", true)]
    [InlineData("1.0,1.2:1.4", "1.1", false)]
    [InlineData("1.0,1.2:1.4", "1.3", true)]
    [InlineData("2025.8.20", "2025.08.20", true)]
    [InlineData("master", "master", true)]
    [InlineData("1.0:", "develop", true)]
    public void Constraint_contains_version_as_Spack_says(string constraint, string version, bool expected)
    {
        Assert.True(VersionConstraint.TryParse(constraint, out var parsed, out _, out var error), error);

        Assert.Equal(expected, parsed!.Contains(SpackVersion.Parse(version)));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("1.2,,1.4", 4)]
    [InlineData("1:2:3", 0)]
    [InlineData("1.0,3:2", 4)]
    public void Bad_constraints_say_where(string text, int offset)
    {
        Assert.False(VersionConstraint.TryParse(text, out _, out var errorOffset, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Equal(offset, errorOffset);
    }
}
