using CacheTasks.Platform;
using CacheTasks.Specs;
using CsCheck;

namespace CacheTasks.Core.Tests.Specs;

/// <summary>Properties that must hold for every version and target, checked on generated samples.</summary>
public sealed class VersionPropertyTests
{
    private static readonly string[] Words = ["a", "b", "p", "z", "Z", "rc", "alpha", "beta", "final", "dev", "develop", "main", "master", "head", "trunk", "nightly", "stable", "system"];

    private static readonly Gen<string> Component = Gen.OneOf<string>(
        Gen.Int[0, 40].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Int[0, 9].Select(i => "0" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.OneOf(Words));

    private static readonly Gen<string> Separator = Gen.OneOf(".", ".", "-", "_", string.Empty);

    /// <summary>Version texts as packages write them: 1.2.3, 2.0rc1, 1.2-develop, 10_0b, …</summary>
    private static readonly Gen<string> VersionText = Gen.Select(Component.Array[1, 5], Separator.Array[4], (components, separators) =>
        string.Concat(components.Select((c, i) => i == 0 ? c : separators[i - 1] + c)));

    private static readonly Gen<SpackVersion> Version = VersionText.Select(SpackVersion.Parse);

    private static readonly Gen<SpackVersion> Numeric = Gen.Int[0, 30].Array[1, 4].Select(parts => SpackVersion.Parse(string.Join(".", parts)));

    [Fact]
    public void Version_order_is_a_total_order_consistent_with_equality()
    {
        Gen.Select(Version, Version, Version).Sample((a, b, c) =>
        {
            Assert.Equal(Math.Sign(a.CompareTo(b)), -Math.Sign(b.CompareTo(a)));
            Assert.Equal(a.CompareTo(b) == 0, a.Equals(b));
            if (a.Equals(b))
            {
                Assert.Equal(a.GetHashCode(), b.GetHashCode());
            }

            if (a <= b && b <= c)
            {
                Assert.True(a <= c, $"{a} <= {b} <= {c}");
            }
        }, iter: 20_000);
    }

    [Fact]
    public void A_range_contains_both_its_ends()
    {
        Gen.Select(Version, Version).Sample((x, y) =>
        {
            var (lower, upper) = x <= y ? (x, y) : (y, x);
            Assert.True(VersionConstraint.TryParse($"{lower.Text}:{upper.Text}", out var range, out _, out var error), error);
            Assert.True(range!.Contains(lower), $"{lower}:{upper} contains {lower}");
            Assert.True(range.Contains(upper), $"{lower}:{upper} contains {upper}");
        }, iter: 10_000);
    }

    [Fact]
    public void At_V_is_exactly_the_versions_from_V_up_to_its_successor()
    {
        Gen.Select(Version, Version).Sample((v, candidate) =>
        {
            Assert.True(VersionConstraint.TryParse(v.Text, out var constraint, out _, out var error), error);
            Assert.Equal(v <= candidate && candidate < v.Successor(), constraint!.Contains(candidate));
            Assert.True(constraint.Contains(v));
        }, iter: 20_000);
    }

    [Fact]
    public void A_version_prefix_never_matches_a_longer_number()
    {
        // @2.4 takes 2.4 and 2.4.x, never 2.40 … 2.49.
        Gen.Select(Numeric, Gen.Int[0, 9], Gen.Int[0, 30]).Sample((prefix, digit, patch) =>
        {
            var last = prefix.Release[prefix.Release.Count - 1].Text;
            if (last == "0")
            {
                return;
            }

            Assert.True(VersionConstraint.TryParse(prefix.Text, out var constraint, out _, out _));
            var longer = SpackVersion.Parse(prefix.Text + digit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var extended = SpackVersion.Parse($"{prefix.Text}.{patch}");
            Assert.False(constraint!.Contains(longer), $"@{prefix} must not take {longer}");
            Assert.True(constraint.Contains(extended), $"@{prefix} takes {extended}");
        }, iter: 10_000);
    }

    [Fact]
    public void The_successor_is_newer_than_everything_that_starts_with_the_version()
    {
        Gen.Select(Version, Component, Separator).Sample((v, more, separator) =>
        {
            Assert.True(v < v.Successor());
            if (!v.IsPrerelease && separator.Length > 0 && SpackVersion.TryParse(v.Text + separator + more, out var longer) && !longer!.IsPrerelease)
            {
                Assert.True(longer < v.Successor(), $"{longer} < successor of {v} ({v.Successor()})");
            }
        }, iter: 10_000);
    }

    [Fact]
    public void The_ancestor_relation_is_transitive_and_acyclic()
    {
        var table = MicroarchitectureTable.Embedded;
        var names = table.Names.ToArray();
        foreach (var name in names)
        {
            Assert.DoesNotContain(name, table.AncestorsOf(name));
            foreach (var ancestor in table.AncestorsOf(name))
            {
                Assert.Subset(table.AncestorsOf(name).ToHashSet(), table.AncestorsOf(ancestor).ToHashSet());
                Assert.DoesNotContain(name, table.AncestorsOf(ancestor));
            }
        }

        // RunsOn is the reflexive closure: a binary for a runs on b and b on c, so a on c.
        Gen.Select(Gen.OneOf(names), Gen.OneOf(names), Gen.OneOf(names)).Sample((a, b, c) =>
        {
            if (table.RunsOn(a, b) && table.RunsOn(b, c))
            {
                Assert.True(table.RunsOn(a, c), $"{a} runs on {b} and {b} on {c}");
            }

            if (table.RunsOn(a, b) && table.RunsOn(b, a))
            {
                Assert.Equal(a, b);
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Every_target_reaches_its_family_root_and_no_other()
    {
        var table = MicroarchitectureTable.Embedded;
        foreach (var name in table.Names)
        {
            var roots = table.AncestorsOf(name).Where(a => table.Find(a)!.Parents.Count == 0).ToList();
            var family = table.FamilyOf(name);

            Assert.Empty(table.Find(family)!.Parents);
            Assert.True(name == family || roots.SequenceEqual([family]), $"{name} reaches {string.Join(", ", roots)}");
            Assert.True(table.RunsOn(family, name));
        }
    }
}
