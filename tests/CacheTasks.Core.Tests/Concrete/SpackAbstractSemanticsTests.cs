using CacheTasks.Concrete;
using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Core.Tests.Concrete;

/// <summary>
/// Spack's own satisfies cases for abstract specs, as a matrix <c>exclude:</c> applies them, from
/// lib/spack/spack/test/spec_semantics.py at 0068a734e7a27eacc982b4cb5536d9cf419d763d (each row
/// names its test). Rows about what CacheTasks does not model (namespaces, compiler flags,
/// propagated <c>++</c>/<c>==</c> variants, quoted values) are left out.
/// </summary>
public sealed class SpackAbstractSemanticsTests
{
    [Theory]
    // test_lhs_is_not_changed_when_constraining: lhs.satisfies(rhs).
    [InlineData("libelf", "libelf")]
    [InlineData("libelf@1.0", "@1.0")]
    [InlineData("libelf@1.0:5.0", "@1.0:5.0")]
    [InlineData("libelf%gcc", "%gcc")]
    [InlineData("libelf%gcc@4.5", "%gcc@4.5")]
    [InlineData("libelf+debug", "+debug")]
    [InlineData("libelf~debug", "~debug")]
    [InlineData("libelf debug=2", "debug=2")]
    [InlineData("libelf debug=2", "debug=*")]
    [InlineData("libelf^foo@1.0", "libelf^foo@1.0")]
    [InlineData("libelf^foo@1.0:5.0", "libelf^foo@1.0:5.0")]
    [InlineData("libelf^foo%gcc", "libelf^foo%gcc")]
    [InlineData("libelf^foo%gcc@4.5", "libelf^foo%gcc@4.5")]
    [InlineData("libelf^foo+debug", "libelf^foo+debug")]
    [InlineData("libelf^foo~debug", "libelf^foo~debug")]
    [InlineData("mpileaks ^callpath %gcc@14.1", "mpileaks ^callpath %gcc@14")]
    [InlineData("mpileaks %[deptypes=build] gcc@14.1", "mpileaks %gcc@14")]
    // test_abstract_specs_can_constrain_each_other: the constrained spec satisfies both sides.
    [InlineData("libelf@0.8.13", "@0:1")]
    [InlineData("libelf@2.1:2.5", "libelf@0:2.5")]
    [InlineData("libelf@2.1:2.5", "libelf@2.1:3")]
    [InlineData("libelf@2.1:2.5%gcc@4.5:4.6", "libelf@0:2.5%gcc@2:4.6")]
    [InlineData("libelf@2.1:2.5%gcc@4.5:4.6", "libelf@2.1:3%gcc@4.5:4.7")]
    [InlineData("foo%gcc@4.7.2", "%gcc@4.7.2")]
    [InlineData("foo%gcc@4.5", "%gcc@4.4:4.6")]
    [InlineData("foo@2.0%gcc@4.5", "@1:3%gcc@4.4:4.6")]
    [InlineData("foo %gcc@4.7.3", "%gcc@4.7")]
    [InlineData("foo platform=test os=frontend target=frontend", "platform=test")]
    [InlineData("mpileaks ^mpich@2.0", "^mpich@1:3")]
    [InlineData("mpileaks^mpich@2.0^callpath@1.5", "^mpich@1:3 ^callpath@1.4:1.6")]
    [InlineData("mpileaks ^mpi ^mpich", "^mpich")]
    [InlineData("mpich+foo", "mpich foo=True")]
    [InlineData("mpich~foo", "mpich foo=FALSE")]
    [InlineData("mpich~foo", "mpich foo=*")]
    [InlineData("mpich+foo", "mpich foo=*")]
    // (and test_multivalued_variant_2: b.satisfies(a))
    [InlineData("multivalue-variant foo=bar,baz", "multivalue-variant foo=bar")]
    [InlineData("multivalue-variant foo=bar,baz", "multivalue-variant foo=baz")]
    [InlineData("multivalue-variant foo=bar,baz,barbaz", "multivalue-variant foo=bar,baz")]
    [InlineData("libelf+debug+foo", "libelf+foo")]
    [InlineData("libelf debug=2 foo=1", "libelf foo=1")]
    [InlineData("libelf foo=bar,baz", "libelf foo=*")]
    [InlineData("libelf patches=ba5e334fe247335f3a116decfb5284100791dc302b5571ff5e664d8f9a6806c2", "libelf patches=ba5e3")]
    [InlineData("mpileaks %[deptypes=build,link] mpich", "mpileaks %[deptypes=link] mpich")]
    public void These_satisfy(string lhs, string rhs)
    {
        Assert.True(Satisfies(lhs, rhs));
    }

    [Theory]
    // test_lhs_is_changed_when_constraining: not lhs.satisfies(rhs).
    [InlineData("libelf", "@1.0")]
    [InlineData("libelf", "@1.0:5.0")]
    [InlineData("libelf", "%gcc")]
    [InlineData("libelf%gcc", "%gcc@4.5")]
    [InlineData("libelf", "+debug")]
    [InlineData("libelf", "debug=*")]
    [InlineData("libelf", "~debug")]
    [InlineData("libelf", "debug=2")]
    [InlineData("libelf^foo", "libelf^foo@1.0")]
    [InlineData("libelf^foo", "libelf^foo@1.0:5.0")]
    [InlineData("libelf^foo", "libelf^foo%gcc")]
    [InlineData("libelf^foo%gcc", "libelf^foo%gcc@4.5")]
    [InlineData("libelf^foo", "libelf^foo+debug")]
    [InlineData("libelf^foo", "libelf^foo~debug")]
    [InlineData("libelf", "^foo")]
    [InlineData("mpileaks ^callpath %gcc@14", "mpileaks ^callpath %gcc@14.1")]
    [InlineData("mpileaks %[deptypes=build] mpich", "mpileaks %[deptypes=link] mpich")]
    [InlineData("mpileaks %mpich", "mpileaks %[deptypes=link] mpich")]
    // test_multivalued_variant_2: not a.satisfies(b).
    [InlineData("multivalue-variant foo=bar", "multivalue-variant foo=bar,baz")]
    public void These_do_not_satisfy(string lhs, string rhs)
    {
        Assert.False(Satisfies(lhs, rhs));
    }

    [Theory]
    // test_constraining_abstract_specs_with_empty_intersection: neither satisfies the other.
    [InlineData("mpileaks^mpich@4.0^callpath@1.5", "^mpich@1:3^callpath@1.4:1.6")]
    [InlineData("mpileaks^mpich@2.0^callpath@1.7", "^mpich@1:3^callpath@1.4:1.6")]
    [InlineData("mpileaks^mpich@4.0^callpath@1.7", "^mpich@1:3^callpath@1.4:1.6")]
    [InlineData("mpich~foo", "mpich+foo")]
    [InlineData("mpich foo=True", "mpich foo=False")]
    [InlineData("libelf@0:2.0", "libelf@2.1:3")]
    [InlineData("libelf@0:2.5%gcc@4.8:4.9", "libelf@2.1:3%gcc@4.5:4.7")]
    [InlineData("libelf+debug", "libelf~debug")]
    [InlineData("libelf+debug~foo", "libelf+debug+foo")]
    [InlineData("libelf debug=True", "libelf debug=False")]
    public void Specs_with_an_empty_intersection_satisfy_neither_way(string lhs, string rhs)
    {
        Assert.False(Satisfies(lhs, rhs));
        Assert.False(Satisfies(rhs, lhs));
    }

    private static bool Satisfies(string lhs, string rhs) =>
        AbstractSatisfaction.Satisfies(SpecParser.ParseAnonymous(lhs), SpecParser.ParseAnonymous(rhs), MicroarchitectureTable.Embedded);
}
