using CacheTasks.Concrete;
using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Core.Tests.Concrete;

/// <summary>
/// A matrix's <c>exclude:</c> as Spack applies it (an abstract spec satisfying another); targets by
/// the one set of range rules, Spack's <c>_satisfies_target_range</c> (spec.py at 00018e3), which
/// coverage and <c>when:</c> use too.
/// </summary>
public sealed class AbstractSatisfactionTests
{
    [Theory]
    [InlineData("libdwarf %gcc@4.9.3", "libdwarf%gcc@4.9.3", true)]
    [InlineData("libdwarf %gcc@4.9.3", "%gcc", true)]
    [InlineData("libdwarf %gcc@4.9.3", "%gcc@4.9", true)]
    [InlineData("libdwarf %gcc@4.9", "%gcc@4.9.3", false)]
    [InlineData("libdwarf %clang@17", "%llvm", true)]
    [InlineData("libdwarf", "%gcc", false)]
    [InlineData("hdf5@1.14.3 +mpi", "hdf5@1.14", true)]
    [InlineData("hdf5@1.14:1.16", "hdf5@1.14", false)]
    [InlineData("hdf5@1.14:1.16", "hdf5@1:", true)]
    [InlineData("hdf5", "hdf5@1.14", false)]
    [InlineData("hdf5 +mpi", "~mpi", false)]
    [InlineData("hdf5 +mpi", "+mpi", true)]
    [InlineData("hdf5 api=v112,v114", "api=v112", true)]
    [InlineData("hdf5 api=v112", "api:=v112,v114", false)]
    [InlineData("hdf5 target=x86_64_v3", "target=x86_64_v3", true)]
    [InlineData("hdf5 target=x86_64_v3", "target=zen3", false)]
    // Ranges: T: is T and its descendants, :T is T and its ancestors.
    [InlineData("hdf5 target=zen3", "target=x86_64_v3:", true)]
    [InlineData("hdf5 target=x86_64_v2", "target=x86_64_v3:", false)]
    [InlineData("hdf5 target=zen3:", "target=x86_64_v3:", true)]
    [InlineData("hdf5 target=x86_64_v3:", "target=zen3:", false)]
    [InlineData("hdf5 target=:x86_64_v3", "target=:zen3", true)]
    [InlineData("hdf5 target=:zen3", "target=x86_64_v3:", false)]
    [InlineData("hdf5 target=x86_64_v3:", "target=x86_64_v3", false)]
    [InlineData("hdf5", "target=x86_64_v3:", false)]
    // Lists: each element of the spec's list inside the entry's list (_covered_by_target_list, spec.py at 00018e3).
    [InlineData("hdf5 target=zen3,zen4", "target=x86_64_v3:", true)]
    [InlineData("hdf5 target=zen3,x86_64_v2", "target=x86_64_v3:", false)]
    [InlineData("hdf5 target=zen3", "target=:broadwell,zen2:", true)]
    [InlineData("hdf5 target=haswell", "target=:broadwell,icelake", true)]
    [InlineData("hdf5 target=skylake", "target=:broadwell,icelake", false)]
    // _canonical_target_range's docstring: nocona:haswell and nocona:nehalem,nehalem:haswell denote one set.
    [InlineData("hdf5 target=nocona:haswell", "target=nocona:nehalem,nehalem:haswell", true)]
    [InlineData("hdf5 target=nocona:nehalem,nehalem:haswell", "target=nocona:haswell", true)]
    [InlineData("hdf5 target=nocona:broadwell", "target=nocona:nehalem,nehalem:haswell", false)]
    [InlineData("hdf5 target=:x86_64", "target=x86_64", true)]
    // One arch rule with concrete nodes: * asks only that the spec set it (ArchSpec._attr_satisfies).
    [InlineData("hdf5 os=ubuntu24.04 platform=linux", "os=* platform=*", true)]
    [InlineData("hdf5 target=zen3", "os=*", false)]
    // One variant rule with concrete nodes (VariantSet): k=true is +k, an exact set in any order.
    [InlineData("hdf5 +mpi", "mpi=true", true)]
    [InlineData("hdf5 mpi=false", "~mpi", true)]
    [InlineData("hdf5 api=v112,v114", "api:=v114,v112", true)]
    [InlineData("hdf5 /abcdef", "/abc", true)]
    [InlineData("hdf5 /abc", "/abcdef", false)]
    [InlineData("hdf5 ^openmpi@5", "^openmpi", true)]
    [InlineData("hdf5 ^mpich", "^openmpi", false)]
    [InlineData("hdf5", "netcdf-c", false)]
    public void An_exclude_entry_drops_what_satisfies_it(string spec, string exclude, bool satisfied)
    {
        Assert.Equal(satisfied, AbstractSatisfaction.Satisfies(SpecParser.ParseAnonymous(spec), SpecParser.ParseAnonymous(exclude), MicroarchitectureTable.Embedded));
    }
}
