using CacheTasks.Specs;

namespace CacheTasks.Core.Tests.Specs;

public sealed class SpecParserTests
{
    [Fact]
    public void A_full_spec_is_parsed_into_its_parts()
    {
        var spec = SpecParser.Parse("py-torch@2.5:2.6 +cuda ~mpi cuda_arch=80,90 build_type:=Release os=ubuntu24.04 target=zen3: %gcc@12:");

        Assert.Equal("py-torch", spec.Name);
        Assert.Equal("2.5:2.6", spec.Versions.Text);
        Assert.Equal(["cuda", "mpi", "cuda_arch", "build_type"], spec.Variants.Select(v => v.Name));
        Assert.Equal(["80", "90"], spec.Variants[2].Values);
        Assert.True(spec.Variants[3].Exact);
        Assert.Equal("ubuntu24.04", spec.Os);
        Assert.Equal([new TargetInterval("zen3", null)], spec.Target!.Intervals);
        Assert.Equal("gcc", spec.Compiler!.Name);
        Assert.Equal("12:", spec.Compiler.Versions.Text);
    }

    [Fact]
    public void Attached_sigils_and_arch_are_parsed()
    {
        var spec = SpecParser.Parse("hdf5@1.14+mpi~cxx arch=linux-rhel8-x86_64_v3");

        Assert.Equal("1.14", spec.Versions.Text);
        Assert.Equal(["+mpi", "~cxx"], spec.Variants.Select(v => v.Text));
        Assert.Equal(("linux", "rhel8", "x86_64_v3"), (spec.Platform, spec.Os, spec.Target!.ToString()));
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("zlib@", 6)]
    [InlineData("zlib@1.2:1.4:1.6", 6)]
    [InlineData("zlib cmake", 6)]
    [InlineData("zlib +", 7)]
    [InlineData("zlib %", 7)]
    [InlineData("zlib $x", 6)]
    [InlineData("zlib ^openssl@", 15)]
    [InlineData("hdf5 ^[virtuals=mpi openmpi", 7)]
    [InlineData("zlib /", 7)]
    [InlineData("zlib/abc /def", 10)]
    [InlineData("zlib@1 @2", 8)]
    [InlineData("zlib os=a os=b", 11)]
    [InlineData("zlib arch=x86_64 target=zen3", 18)]
    [InlineData("zlib arch==x86_64", 6)]
    [InlineData("zlib os='a b'", 9)]
    public void Errors_point_at_the_column_of_the_bad_token(string text, int column)
    {
        var error = Assert.Throws<SpecParseException>(() => SpecParser.Parse(text));

        Assert.Equal(column, error.Column);
    }

    [Fact]
    public void What_follows_the_compiler_belongs_to_the_compiler_and_the_Spack_0_x_reading_is_kept()
    {
        var spec = SpecParser.Parse("zlib@1.3 %gcc@12 +shared target=zen3");

        Assert.Equal(("zlib", "1.3"), (spec.Name, spec.Versions.Text));
        Assert.Empty(spec.Variants);
        Assert.Null(spec.Target);
        Assert.Equal(("gcc", "12", "+shared target=zen3"), (spec.Compiler!.Name, spec.Compiler.Versions.Text, spec.Compiler.NodeConstraintsText));
        Assert.Equal("zen3", spec.Compiler.Node!.Target!.ToString());
        Assert.Equal("zlib@1.3 +shared target=zen3 %gcc@12", spec.LegacyReading);
    }

    [Fact]
    public void Dependencies_are_kept_with_their_own_compiler_and_variants_and_the_root_keeps_its_own()
    {
        var spec = SpecParser.Parse("hdf5@1.14 +mpi %gcc@13 ^openmpi@5 +cuda %clang ^[virtuals=blas] openblas threads=openmp");

        Assert.Equal(("hdf5", "1.14", "gcc"), (spec.Name, spec.Versions.Text, spec.Compiler!.Name));
        Assert.Equal(["+mpi"], spec.Variants.Select(v => v.Text));
        Assert.Equal(["openmpi", "openblas"], spec.Dependencies.Select(d => d.Node.Name));
        Assert.Equal(("5", "+cuda", "clang"), (spec.Dependencies[0].Node.Versions.Text, spec.Dependencies[0].Node.Variants[0].Text, spec.Dependencies[0].Node.Compiler!.Name));
        Assert.Equal(["blas"], spec.Dependencies[1].Virtuals);
        Assert.Equal("hdf5@1.14 +mpi %gcc@13 ^openmpi@5 +cuda %clang ^[virtuals=blas] openblas threads=openmp", spec.Text);
    }

    [Theory]
    [InlineData("zlib/abc123", "abc123")]
    [InlineData("zlib@1.3 /7rkdcmh", "7rkdcmh")]
    public void A_hash_is_read_as_in_Spack(string text, string hash)
    {
        var spec = SpecParser.Parse(text);

        Assert.Equal(("zlib", hash), (spec.Name, spec.Hash));
    }

    [Fact]
    public void Anonymous_specs_are_read_for_matrix_rows_and_excludes()
    {
        Assert.Equal(("", "gcc"), (SpecParser.ParseAnonymous("%gcc@12").Name, SpecParser.ParseAnonymous("%gcc@12").Compiler!.Name));
        Assert.Equal("x86_64_v3", SpecParser.ParseAnonymous("target=x86_64_v3").Target!.ToString());
        Assert.Equal("openmpi", SpecParser.ParseAnonymous("^openmpi").Dependencies.Single().Node.Name);
        Assert.Throws<SpecParseException>(() => SpecParser.Parse("%gcc@12"));
    }
}
