using CacheTasks.Concrete;
using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Core.Tests.Concrete;

/// <summary>
/// A concrete target against a <c>target=</c> list, by the one set of rules. The rows marked
/// <c>test_concretize_target_ranges</c> are Spack's (lib/spack/spack/test/architecture.py at
/// 017f0b0fecb7b084b5b1d89936761a8cde73f12f): Spack concretizes a root and a dependency with those
/// two target lists to the third target, so that target lies in both lists.
/// </summary>
public sealed class TargetRangeTests
{
    [Theory]
    // test_concretize_target_ranges, each row's result in its root's and its dependency's list.
    [InlineData("x86_64:nocona", "nocona", true)]
    [InlineData("x86_64:core2", "nocona", true)]
    [InlineData("x86_64:haswell", "core2", true)]
    [InlineData("x86_64:mic_knl", "core2", true)]
    [InlineData("ivybridge", "ivybridge", true)]
    [InlineData("nocona:skylake", "ivybridge", true)]
    [InlineData("haswell:icelake", "broadwell", true)]
    [InlineData("x86_64:nocona,haswell:broadwell", "nocona", true)]
    [InlineData("nocona:haswell,skylake:", "nocona", true)]
    [InlineData("x86_64,haswell", "haswell", true)]
    [InlineData("core2:broadwell", "haswell", true)]
    // The lists of issue 22, and what lies outside them.
    [InlineData(":broadwell,icelake", "haswell", true)]
    [InlineData(":broadwell,icelake", "icelake", true)]
    [InlineData(":broadwell,icelake", "skylake", false)]
    [InlineData(":broadwell,icelake", "zen3", false)]
    [InlineData("x86_64_v3:,aarch64", "zen3", true)]
    [InlineData("x86_64_v3:,aarch64", "aarch64", true)]
    [InlineData("x86_64_v3:,aarch64", "neoverse_v2", false)]
    [InlineData("x86_64_v3:,aarch64", "x86_64_v2", false)]
    [InlineData("x86_64:nocona,haswell:broadwell", "ivybridge", false)]
    [InlineData("nocona:haswell,skylake:", "broadwell", false)]
    [InlineData("*", "zen3", true)]
    [InlineData(":", "neoverse_v2", true)]
    public void A_target_lies_in_a_list_when_some_element_holds_it(string list, string target, bool contained)
    {
        Assert.Equal(contained, TargetRange.Contains(MicroarchitectureTable.Embedded, TargetConstraint.Parse(list), target));
    }
}
