using CacheTasks.Specs;

namespace CacheTasks.Core.Tests.Specs;

/// <summary>
/// Cases ported from Spack's own version tests (spack/spack lib/spack/spack/test/versions.py,
/// Apache-2.0 OR MIT; most were taken there from RPM's tests), so CacheTasks orders and matches
/// versions exactly as Spack does.
/// </summary>
public sealed class SpackVersionSuiteTests
{
    [Theory]
    // test_string_prefix, test_two_segments, test_three_segments
    [InlineData("xsdk-0.2.0", "xsdk-0.3")]
    [InlineData("1.0", "2.0")]
    [InlineData("2.0", "2.0.1")]
    // test_develop
    [InlineData("1.0", "develop")]
    [InlineData("1.1", "1.develop")]
    [InlineData("1.0", "1.develop")]
    [InlineData("0.5", "0.5.develop")]
    [InlineData("1.develop", "2.1")]
    [InlineData("1.develop.1", "1.develop.2")]
    [InlineData("develop.1", "develop.2")]
    [InlineData("9.0", "master")]
    [InlineData("9.0", "head")]
    [InlineData("9.0", "trunk")]
    [InlineData("master", "develop")]
    [InlineData("head", "master")]
    [InlineData("trunk", "head")]
    [InlineData("system", "9.0")]
    [InlineData("mydevelopmentnightmare", "1.1")]
    [InlineData("1.mydevelopmentnightmare", "1.1")]
    // the rest of Spack's infinity_versions list
    [InlineData("nightly", "trunk")]
    [InlineData("stable", "nightly")]
    [InlineData("99999", "stable")]
    [InlineData("main", "develop")]
    [InlineData("master", "main")]
    // test_alpha: 2.0.1a is not a prerelease
    [InlineData("2.0.1", "2.0.1a")]
    // test_patch, test_nums_and_patch
    [InlineData("5.5p1", "5.5p2")]
    [InlineData("5.5p1", "5.5p10")]
    [InlineData("5.5p2", "5.6p1")]
    [InlineData("5.6p1", "6.5p1")]
    // test_num_alpha_with_no_separator, test_alpha_with_dots
    [InlineData("10xyz", "10.1xyz")]
    [InlineData("xyz10", "xyz10.1")]
    [InlineData("xyz.4", "8")]
    [InlineData("xyz.4", "2")]
    // test_prereleases
    [InlineData("6.0alpha", "6.0alpha0")]
    [InlineData("6.0alpha0", "6.0alpha1")]
    [InlineData("6.0alpha1", "6.0alpha2")]
    [InlineData("6.0alpha2", "6.0beta")]
    [InlineData("6.0beta", "6.0beta0")]
    [InlineData("6.0beta2", "6.0rc")]
    [InlineData("6.0rc", "6.0rc0")]
    [InlineData("6.0rc1", "6.0rc2")]
    [InlineData("6.0rc2", "6.0")]
    // test_alpha_beta: single letters are ordinary words, not prereleases
    [InlineData("10a1", "10b2")]
    [InlineData("10a2", "10b2")]
    // test_double_alpha, test_padded_numbers, test_close_numbers, test_date_stamps
    [InlineData("1.0a", "1.0aa")]
    [InlineData("10.0001", "10.0039")]
    [InlineData("4.999.9", "5.0")]
    [InlineData("20101121", "20101122")]
    // test_rpm_oddities
    [InlineData("1b.fc17", "1.fc17")]
    [InlineData("1.fc17", "1g.fc17")]
    public void Spack_orders_these_versions_older_first(string older, string newer)
    {
        var a = SpackVersion.Parse(older);
        var b = SpackVersion.Parse(newer);

        Assert.True(a < b, $"{older} < {newer}");
        Assert.True(b > a, $"{newer} > {older}");
        Assert.NotEqual(a, b);
    }

    [Theory]
    // test_padded_numbers, test_underscores, and the SPEC's own example
    [InlineData("10.0001", "10.1")]
    [InlineData("2.0", "2_0")]
    [InlineData("2-0", "2_0")]
    [InlineData("2025.8.20", "2025.08.20")]
    [InlineData("develop.local", "develop.local")]
    // "final" spells out the release (STRING_TO_PRERELEASE in spack/version/common.py)
    [InlineData("1.2final", "1.2")]
    public void Spack_treats_these_versions_as_equal(string left, string right)
    {
        Assert.Equal(SpackVersion.Parse(left), SpackVersion.Parse(right));
        Assert.Equal(SpackVersion.Parse(left).GetHashCode(), SpackVersion.Parse(right).GetHashCode());
    }

    [Theory]
    // test_contains
    [InlineData("1.2:1.4", "1.3", true)]
    [InlineData("1.2:1.4", "1.2.5", true)]
    [InlineData("1.2:1.4", "1.3.5", true)]
    [InlineData("1.2:1.4", "1.3.5-7", true)]
    [InlineData("1.2:1.4", "1.1", false)]
    [InlineData("1.2:1.4", "1.5", false)]
    [InlineData("1.5.1:1.6", "1.5", false)]
    [InlineData("1.5.1:", "1.5", false)]
    [InlineData("1.2:1.4", "1.4.2", true)]
    [InlineData("1.2:1.4.0", "1.4.2", false)]
    [InlineData("1.2.7:1.4", "1.2.8", true)]
    [InlineData("1.2.7:1.4", "1.2.5", false)]
    [InlineData("1.2.7:1.4", "1.4.1", true)]
    [InlineData("1.2.7:1.4.0", "1.4.1", false)]
    // test_basic_version_satisfaction
    [InlineData("4.7.3", "4.7.3", true)]
    [InlineData("4.7", "4.7.3", true)]
    [InlineData("4.7", "4.7.3v2", true)]
    [InlineData("4.7", "4.7v6", true)]
    [InlineData("4", "4.7.3", true)]
    [InlineData("4", "4.7v6", true)]
    [InlineData("4.9", "4.8.0", false)]
    [InlineData("4.9", "4.8", false)]
    [InlineData("4.9", "4", false)]
    // test_version_range_satisfaction
    [InlineData("4.3:4.7", "4.7b6", true)]
    [InlineData("4.3:4.7", "4.3.0", true)]
    [InlineData("4.3:4.7", "4.3.2", true)]
    [InlineData("4.3:4.7", "4.8.0", false)]
    [InlineData("4.4:4.7", "4.3", false)]
    // test_satisfaction_with_lists
    [InlineData("4.3,4.6,4.7", "4.7", true)]
    [InlineData("4.3,4.6,4.7", "4.7.3", true)]
    [InlineData("4.3,4.6,4.7", "4.6.5", true)]
    [InlineData("4.3,4.6,4.7", "4.6.5.2", true)]
    [InlineData("4.3,4.6,4.7", "4", false)]
    [InlineData("4.2,4.3:4.7", "4.8.0", false)]
    [InlineData("4.2,4.3:4.8", "4.8.0", true)]
    [InlineData("4.2,4.3:4.8", "4.8.2", true)]
    // test_version_range_with_prereleases
    [InlineData("1.2.1:", "1.2.1alpha1", false)]
    [InlineData("1.2.1:", "1.2.1beta2", false)]
    [InlineData("1.2.1:", "1.2.1rc3", false)]
    [InlineData("1.2.0:", "1.2.1alpha1", true)]
    [InlineData("1.2.0:", "1.2.1rc3", true)]
    [InlineData("1.2:", "1.2.0alpha1", true)]
    [InlineData("1.2:", "1.2.0rc3", true)]
    [InlineData(":1.1", "1.2.0alpha1", false)]
    [InlineData(":1.1", "1.2.0rc3", false)]
    [InlineData(":1.2", "1.2.0alpha1", true)]
    [InlineData(":1.2", "1.2.0rc3", true)]
    [InlineData("1.2.0alpha1:", "1.2.0", true)]
    [InlineData("=1.2.0", "1.2.0", true)]
    [InlineData(":1.2.0rc345", "1.2.0", false)]
    // test_overlap_with_containment
    [InlineData("1.6", "1.6.5", true)]
    [InlineData(":1.6", "1.6.5", true)]
    // A range may end below its start as long as B' is above A: 1.2.3 ≤ v < 1.3.
    [InlineData("1.2.3:1.2", "1.2.9", true)]
    [InlineData("1.2.3:1.2", "1.2.2", false)]
    // Words as the last component: @1.a takes 1.a and what starts with it, up to Spack's next string.
    [InlineData("1.a", "1.a.4", true)]
    [InlineData("1.a", "1.b", false)]
    [InlineData("1.az", "1.azA", false)]
    // Infinity words: :master stops before main, :develop takes everything.
    [InlineData(":master", "master.1", true)]
    [InlineData(":master", "main", false)]
    [InlineData(":develop", "develop.5", true)]
    [InlineData("develop", "develop", true)]
    [InlineData("nightly", "nightly", true)]
    [InlineData("nightly", "trunk", false)]
    public void Spack_says_whether_the_constraint_takes_the_version(string constraint, string version, bool expected)
    {
        Assert.True(VersionConstraint.TryParse(constraint, out var parsed, out _, out var error), error);

        Assert.Equal(expected, parsed!.Contains(SpackVersion.Parse(version)));
    }

    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    [Theory]
    // git.REF=V ranks as V in ranges but never satisfies @=V (SPEC; GitVersion.satisfies in Spack).
    [InlineData("1.4", "git." + Commit + "=1.4", true)]
    [InlineData("1.3:", "git." + Commit + "=1.4", true)]
    [InlineData(":1.3", "git." + Commit + "=1.4", false)]
    [InlineData("=1.4", "git." + Commit + "=1.4", false)]
    [InlineData("1.4", "feature=1.4", true)]
    [InlineData("=1.4", "feature=1.4", false)]
    // A git ref that has no assigned version: only ":" (no @ at all) takes it, or the same ref.
    [InlineData("1.4", Commit, false)]
    [InlineData(":", Commit, true)]
    [InlineData("1:", "git.main", false)]
    [InlineData(":", "git.main", true)]
    [InlineData(Commit, Commit, true)]
    [InlineData("git." + Commit, Commit, true)]
    // A requirement naming the ref is satisfied by that ref only.
    [InlineData("git." + Commit + "=1.4", "git." + Commit + "=1.4", true)]
    [InlineData("=git." + Commit + "=1.4", "git." + Commit + "=1.4", true)]
    [InlineData("git.other=1.4", "git." + Commit + "=1.4", false)]
    [InlineData("git." + Commit + "=1.4", "1.4", false)]
    [InlineData("git." + Commit + "=1.2:1.5", "git." + Commit + "=1.4", true)]
    [InlineData("git." + Commit + "=1.5:", "git." + Commit + "=1.4", false)]
    [InlineData("git.main", "git.main=2.0", true)]
    public void Git_versions_match_as_Spack_says(string constraint, string version, bool expected)
    {
        Assert.True(VersionConstraint.TryParse(constraint, out var parsed, out _, out var error), error);

        Assert.Equal(expected, parsed!.Contains(SpackVersion.Parse(version)));
    }

    [Fact]
    public void A_git_version_sorts_right_after_its_version_and_is_not_equal_to_it()
    {
        var release = SpackVersion.Parse("1.4");
        var git = SpackVersion.Parse("git." + Commit + "=1.4");
        var next = SpackVersion.Parse("1.4.0");

        Assert.True(release < git);
        Assert.True(git < next);
        Assert.NotEqual(release, git);
        Assert.Equal(release, git.AssignedVersion);
        Assert.Equal(Commit, git.GitReference);
    }

    [Fact]
    public void A_bare_commit_is_a_git_version_that_sorts_after_every_version()
    {
        var commit = SpackVersion.Parse(Commit);

        Assert.True(commit.IsGitVersion);
        Assert.False(commit.HasAssignedVersion);
        Assert.True(commit > SpackVersion.Parse("develop"));
        Assert.True(commit > SpackVersion.Parse("git.x=99"));
    }

    [Theory]
    // _next_version in spack/version/version_types.py
    [InlineData("2.4", "2.5")]
    [InlineData("1.9", "1.10")]
    [InlineData("1.99", "1.100")]
    [InlineData("2.4rc1", "2.4rc2")]
    [InlineData("2.4rc", "2.4rc0")]
    [InlineData("1.b", "1.c")]
    [InlineData("1.Z", "1.a")]
    [InlineData("1.az", "1.azA")]
    [InlineData("1.trunk", "1.head")]
    [InlineData("1.master", "1.main")]
    public void The_successor_is_Spacks_next_version(string version, string successor)
    {
        Assert.Equal(SpackVersion.Parse(successor), SpackVersion.Parse(version).Successor());
    }

    [Fact]
    public void The_successor_of_a_word_skips_the_infinity_words()
    {
        // "mastes" comes after "master" in Spack's _next_version_str_component, as "master" is an infinity word.
        var next = SpackVersion.Parse("1.masteq").Successor();

        Assert.Equal(SpackVersion.Parse("1.mastes"), next);
    }

    [Fact]
    public void Develop_has_a_successor_above_every_version()
    {
        var beyond = SpackVersion.Parse("develop").Successor();

        Assert.True(beyond > SpackVersion.Parse("develop.99"));
        Assert.True(beyond > SpackVersion.Parse("99999999"));
    }
}
