using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Platform;
using System.Globalization;
using CacheTasks.Requirements;
using CacheTasks.Specs;

namespace CacheTasks.Core.Tests.Coverage;

/// <summary>The SPEC's Semantics rules, one by one, on catalog specs made for the purpose.</summary>
public sealed class SpecMatcherTests
{
    private static readonly SpackArch Ubuntu = new("linux", "ubuntu24.04", "x86_64_v3");
    private static readonly MicroarchitectureTable Table = MicroarchitectureTable.Embedded;
    private static readonly SpecMatcher Exact = new(Table);
    private static readonly SpecMatcher Libc = new(Table, OsCompatibility.Libc);

    internal static CatalogSpec Spec(string version = "1.2.3", string os = "ubuntu24.04", string target = "x86_64_v3", string compiler = "gcc@=11.4.0", string platform = "linux", params string[] variants) =>
        new("zlib", [SpackVersion.Parse(version)], "abcdefghijklmnopqrstuvwxyz234567", platform, os, target, SpecCompiler.Parse(compiler), VariantSet.FromStrings(variants), ["root"], "develop", new SourceLocation("zlib/specs.md"));

    internal static Requirement Require(string text, string? version = null)
    {
        var diagnostics = new List<Diagnostic>();
        var requirement = RequirementReader.Read(new RequirementInput(text, Version: version), Ubuntu, Table, diagnostics);
        Assert.Empty(diagnostics);
        return requirement!;
    }

    private static bool Matches(string requirement, CatalogSpec spec, SpackArch? arch = null, SpecMatcher? matcher = null) =>
        (matcher ?? Exact).Check(Require(requirement), arch ?? Ubuntu, null, spec) == Mismatch.None;

    [Theory]
    [InlineData("zlib +shared", new[] { "+shared" }, true)]
    [InlineData("zlib +shared", new[] { "~shared" }, false)]
    [InlineData("zlib ~shared", new[] { "~shared" }, true)]
    [InlineData("zlib -shared", new[] { "~shared" }, true)]
    [InlineData("zlib shared=true", new[] { "+shared" }, true)]
    [InlineData("zlib shared=false", new[] { "~shared" }, true)]
    [InlineData("zlib shared=True", new[] { "+shared" }, true)]
    [InlineData("zlib shared=false", new[] { "+shared" }, false)]
    [InlineData("zlib +shared", new[] { "shared=true" }, true)]
    // a variant the spec does not list never matches
    [InlineData("zlib +mpi", new[] { "+shared" }, false)]
    [InlineData("zlib ~mpi", new[] { "+shared" }, false)]
    [InlineData("zlib build_type=Release", new[] { "build_type=Release" }, true)]
    [InlineData("zlib build_type=Debug", new[] { "build_type=Release" }, false)]
    // k=a,b asks for at least these values, k:=a,b for exactly them; pages write either spelling
    [InlineData("zlib cuda_arch=80", new[] { "cuda_arch=80,90" }, true)]
    [InlineData("zlib cuda_arch=80", new[] { "cuda_arch:=80,90" }, true)]
    [InlineData("zlib cuda_arch=90,80", new[] { "cuda_arch:=80,90" }, true)]
    [InlineData("zlib cuda_arch=70", new[] { "cuda_arch=80,90" }, false)]
    [InlineData("zlib cuda_arch:=80", new[] { "cuda_arch=80,90" }, false)]
    [InlineData("zlib cuda_arch:=80", new[] { "cuda_arch:=80" }, true)]
    [InlineData("zlib cuda_arch:=90,80", new[] { "cuda_arch=80,90" }, true)]
    [InlineData("zlib amdgpu_target=gfx90a", new[] { "amdgpu_target:=gfx90a" }, true)]
    [InlineData("zlib amdgpu_target=gfx90a", new[] { "amdgpu_target:=auto" }, false)]
    // k=* asks only that the variant be set (spec_semantics.py test_satisfies_single_valued_variant).
    [InlineData("zlib cuda_arch=*", new[] { "cuda_arch=80,90" }, true)]
    [InlineData("zlib shared=*", new[] { "~shared" }, true)]
    [InlineData("zlib shared=*", new[] { "cuda_arch=80" }, false)]
    // patches=x: pages cut patch hashes to 7 characters
    [InlineData("zlib patches=abc1234", new[] { "patches=abc1234,def5678" }, true)]
    [InlineData("zlib patches=abc1234ffffeeee", new[] { "patches=abc1234" }, true)]
    [InlineData("zlib patches=abc", new[] { "patches=abc1234" }, true)]
    [InlineData("zlib patches=abd", new[] { "patches=abc1234" }, false)]
    [InlineData("zlib patches=abc1234,def5678", new[] { "patches=abc1234" }, false)]
    [InlineData("zlib patches=abc1234", new[] { "+shared" }, false)]
    public void Variants_match_as_Spack_says(string requirement, string[] variants, bool expected)
    {
        Assert.Equal(expected, Matches(requirement, Spec(variants: variants)));
    }

    [Theory]
    [InlineData("zlib %gcc", "gcc@=11.4.0", true)]
    [InlineData("zlib %gcc@11", "gcc@11.4.0", true)]
    [InlineData("zlib %gcc@11", "gcc@=11.4.0", true)]
    [InlineData("zlib %gcc@=11.4.0", "gcc@11.4.0", true)]
    [InlineData("zlib %gcc@=11.4", "gcc@11.4.0", false)]
    [InlineData("zlib %gcc@12:", "gcc@=11.4.0", false)]
    [InlineData("zlib %gcc@:11", "gcc@=11.4.0", true)]
    [InlineData("zlib %gcc", "clang@=17.0.6", false)]
    [InlineData("zlib %gcc", "none", false)]
    [InlineData("zlib", "none", true)]
    // old and new names of a compiler are the same compiler
    [InlineData("zlib %clang@17", "llvm@=17.0.6", true)]
    [InlineData("zlib %llvm", "clang@=17.0.6", true)]
    [InlineData("zlib %oneapi@2024", "intel-oneapi-compilers@=2024.1.0", true)]
    [InlineData("zlib %intel-oneapi-compilers", "oneapi@=2024.1.0", true)]
    [InlineData("zlib %intel", "intel-oneapi-compiler-classic@=2021.10.0", true)]
    [InlineData("zlib %intel", "intel-oneapi-compilers@=2024.1.0", false)]
    [InlineData("zlib %arm", "acfl@=23.10", true)]
    [InlineData("zlib %rocmcc@6", "llvm-amdgpu@=6.0.2", true)]
    [InlineData("zlib %c=gcc@11", "gcc@=11.4.0", true)]
    public void Compilers_match_as_Spack_says(string requirement, string compiler, bool expected)
    {
        Assert.Equal(expected, Matches(requirement, Spec(compiler: compiler)));
    }

    /// <summary>
    /// A page's compiler field is Spack's historical compiler edge (rule 7): a build edge providing
    /// c, cxx and fortran to a node with that name and version. What it satisfies is verified; a
    /// clause it does not satisfy is unverified (the page knows no other edge), except the compiler
    /// request itself, which rule 4 decides.
    /// </summary>
    [Theory]
    [InlineData("zlib %c", "gcc@=11.4.0", true, "")]
    [InlineData("zlib %c=gcc", "gcc@=11.4.0", true, "")]
    [InlineData("zlib %fortran", "gcc@=11.4.0", true, "")]
    [InlineData("zlib %[virtuals=cxx] gcc@11", "gcc@=11.4.0", true, "")]
    [InlineData("zlib ^gcc@11", "gcc@=11.4.0", true, "")]
    [InlineData("zlib ^gcc@13", "gcc@=11.4.0", true, "^gcc@13")]
    [InlineData("zlib ^clang", "clang@=17.0.6", true, "")]
    [InlineData("zlib ^llvm", "clang@=17.0.6", true, "^llvm")]
    [InlineData("zlib %c@11", "gcc@=11.4.0", true, "%c@11")]
    [InlineData("zlib %c=clang", "gcc@=11.4.0", false, "")]
    [InlineData("zlib %gcc +binutils", "gcc@=11.4.0", true, "%gcc +binutils")]
    [InlineData("zlib ^gcc target=x86_64", "gcc@=11.4.0", true, "^gcc target=x86_64")]
    [InlineData("zlib %c", "none", true, "%c")]
    public void A_pages_compiler_is_the_historical_compiler_edge(string requirement, string compiler, bool matches, string unverified)
    {
        var check = Exact.CheckBuild(Require(requirement), Spec(compiler: compiler));

        Assert.Equal(matches, check.Mismatch == Mismatch.None);
        Assert.Equal(unverified.Length == 0 ? [] : [unverified], check.Unverified);
    }

    [Theory]
    [InlineData("zlib", "x86_64_v3", "zen3", true)]
    [InlineData("zlib", "x86_64", "sapphirerapids", true)]
    [InlineData("zlib", "zen3", "x86_64_v3", false)]
    [InlineData("zlib", "aarch64", "neoverse_v2", true)]
    [InlineData("zlib", "aarch64", "zen3", false)]
    [InlineData("zlib target=x86_64_v3", "x86_64_v3", "zen3", true)]
    [InlineData("zlib target=x86_64_v2", "x86_64_v3", "zen3", false)]
    [InlineData("zlib target=x86_64_v2:", "x86_64_v3", "zen3", true)]
    [InlineData("zlib target=x86_64_v4:", "x86_64_v3", "zen4", false)]
    [InlineData("zlib target=:zen3", "x86_64_v3", "zen3", true)]
    [InlineData("zlib target=:x86_64_v2", "x86_64_v3", "zen3", false)]
    // target= lists are the union of their elements (Spack's ArchSpec._target_satisfies, spec.py at 00018e3).
    [InlineData("zlib target=x86_64_v3:,aarch64", "x86_64_v3", "zen3", true)]
    [InlineData("zlib target=x86_64_v3:,aarch64", "aarch64", "neoverse_v2", true)]
    [InlineData("zlib target=x86_64_v3:,aarch64", "x86_64_v2", "zen3", false)]
    [InlineData("zlib target=:broadwell,icelake", "haswell", "icelake", true)]
    [InlineData("zlib target=:broadwell,icelake", "icelake", "icelake", true)]
    [InlineData("zlib target=:broadwell,icelake", "skylake", "icelake", false)]
    [InlineData("zlib target=nocona:haswell", "haswell", "icelake", true)]
    [InlineData("zlib target=nocona:haswell", "broadwell", "icelake", false)]
    [InlineData("zlib target=*", "x86_64_v3", "zen3", true)]
    [InlineData("zlib os=ubuntu22.04", "x86_64_v3", "zen3", false)]
    // platform=* and os=* ask only that there be one (ArchSpec._attr_satisfies, spec.py at 00018e3).
    [InlineData("zlib os=* platform=*", "x86_64_v3", "zen3", true)]
    [InlineData("zlib platform=darwin", "x86_64_v3", "zen3", false)]
    [InlineData("zlib arch=linux-ubuntu24.04-x86_64_v3", "x86_64_v3", "zen3", true)]
    public void Targets_run_on_their_descendants_narrowed_by_the_requirement(string requirement, string specTarget, string machineTarget, bool expected)
    {
        Assert.Equal(expected, Matches(requirement, Spec(target: specTarget), Ubuntu with { Target = machineTarget }));
    }

    [Theory]
    [InlineData("ubuntu24.04", "ubuntu24.04", true, true)]
    [InlineData("rhel8", "ubuntu24.04", false, true)]
    [InlineData("ubuntu22.04", "ubuntu24.04", false, true)]
    [InlineData("amzn2", "rocky9", false, true)]
    [InlineData("centos7", "ubuntu20.04", false, true)]
    [InlineData("ubuntu24.04", "ubuntu22.04", false, false)]
    [InlineData("debian13", "ubuntu24.04", false, false)]
    [InlineData("rhel9", "debian12", false, true)]
    [InlineData("somedistro1", "ubuntu24.04", false, false)]
    [InlineData("ubuntu22.04", "somedistro1", false, false)]
    public void The_os_must_be_equal_or_with_libc_not_newer_in_glibc(string builtOn, string machineOs, bool exact, bool libc)
    {
        var spec = Spec(os: builtOn);
        var arch = Ubuntu with { Os = machineOs };

        Assert.Equal(exact, Matches("zlib", spec, arch, Exact));
        Assert.Equal(libc, Matches("zlib", spec, arch, Libc));
    }

    [Fact]
    public void Libc_compatibility_is_for_Linux_only()
    {
        var spec = Spec(os: "ventura", platform: "darwin", target: "m1");

        Assert.False(Matches("zlib", spec, new SpackArch("darwin", "sonoma", "m2"), Libc));
    }

    [Fact]
    public void An_explicit_os_in_the_requirement_stays_exact_under_libc()
    {
        Assert.False(Matches("zlib os=ubuntu24.04", Spec(os: "rhel8"), Ubuntu, Libc));
        Assert.True(Matches("zlib os=rhel8", Spec(os: "rhel8"), Ubuntu, Libc));
    }

    [Fact]
    public void CT1001_says_when_libc_would_accept_an_older_distros_binary()
    {
        var catalog = new SpackCatalog(["test"], [Spec(version: "1.3.1", os: "rhel8"), Spec(version: "1.3.1", os: "ubuntu22.04"), Spec(version: "1.2", os: "ubuntu24.04")]);
        var requirement = Require("zlib@1.3");

        var exact = CoverageChecker.Check(catalog, [requirement], new CoverageOptions([Ubuntu], Table));
        var libc = CoverageChecker.Check(catalog, [requirement], new CoverageOptions([Ubuntu], Table, OsCompatibility: OsCompatibility.Libc));

        var row = Assert.Single(exact.Rows);
        Assert.Equal(CoverageStatus.Missing, row.Status);
        Assert.EndsWith(string.Format(Messages.HintLibcWouldAccept, "1.3.1", "ubuntu22.04", "2.35", "ubuntu24.04", "2.39"), row.Hint, StringComparison.Ordinal);
        Assert.Equal(CoverageStatus.Covered, Assert.Single(libc.Rows).Status);
    }

    [Fact]
    public void No_libc_hint_when_libc_would_not_help()
    {
        var catalog = new SpackCatalog(["test"], [Spec(version: "1.3.1", os: "debian13"), Spec(version: "1.2", os: "ubuntu24.04")]);

        var row = Assert.Single(CoverageChecker.Check(catalog, [Require("zlib@1.3")], new CoverageOptions([Ubuntu], Table)).Rows);

        Assert.DoesNotContain("SpackOsCompatibility", row.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[2.4,3.0)", "2.4.3", true)]
    [InlineData("[2.4,3.0)", "3.0", false)]
    [InlineData("[2.4,3.0)", "2.3.9", false)]
    [InlineData("2.4", "2.4.3", true)]
    [InlineData("2.4", "3.0", true)]
    [InlineData("2.4", "2.3", false)]
    [InlineData("(,3]", "3.0", true)]
    [InlineData("(,3]", "2.3", true)]
    [InlineData("(,3]", "3.0.1", false)]
    [InlineData("[2025.8.20]", "2025.08.20", true)]
    // versions NuGet cannot read never match a NuGet range
    [InlineData("[0,)", "develop", false)]
    [InlineData("[0,)", "2.26-t9b_atlas", false)]
    public void Version_metadata_is_a_NuGet_range_over_the_versions_NuGet_can_read(string range, string version, bool expected)
    {
        var requirement = Require("zlib", range);

        Assert.Equal(expected, Exact.Check(requirement, Ubuntu, null, Spec(version: version)) == Mismatch.None);
    }

    [Fact]
    public void A_NuGet_range_that_matches_no_readable_version_says_so_in_the_hint()
    {
        var catalog = new SpackCatalog(["test"], [Spec(version: "develop"), Spec(version: "1.0")]);

        var row = Assert.Single(CoverageChecker.Check(catalog, [Require("zlib", "[2.0,)")], new CoverageOptions([Ubuntu], Table)).Rows);

        Assert.Equal(string.Format(Messages.HintAvailableForArch, Ubuntu, "develop, 1.0", string.Format(Messages.HintRuledOutNuGetVersion, "[2.0,)")), row.Hint);
    }

    [Fact]
    public void Both_at_and_Version_metadata_is_CT3001_at_the_at_sign()
    {
        var diagnostics = new List<Diagnostic>();
        var input = new RequirementInput("zlib@1.3", Version: "[1.3,2)", Location: new SourceLocation("app.proj", 12, 31));

        Assert.Null(RequirementReader.Read(input, Ubuntu, Table, diagnostics));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidRequirement, diagnostic.Code);
        Assert.Equal(string.Format(Messages.RequirementInvalid, "zlib@1.3", 5, string.Format(Messages.RequirementBothVersions, "[1.3,2)")), diagnostic.Message);
        Assert.Equal(new SourceLocation("app.proj", 12, 35), diagnostic.Location);
    }

    [Fact]
    public void A_Version_that_is_not_a_NuGet_range_is_CT3001()
    {
        var diagnostics = new List<Diagnostic>();

        Assert.Null(RequirementReader.Read(new RequirementInput("zlib", Version: "[1.3,,2)"), Ubuntu, Table, diagnostics));

        Assert.Equal(DiagnosticCodes.InvalidRequirement, Assert.Single(diagnostics).Code);
    }

    [Theory]
    [InlineData("zlib@1.2:1.4:1.6", 6)]
    [InlineData("zlib@1.0,3:2", 10)]
    [InlineData("zlib +", 7)]
    [InlineData("zlib cuda_arch=", 16)]
    [InlineData("zlib %gcc@12 ^[deptypes=link", 15)]
    [InlineData("zlib target=zen3 os=a os=b", 23)]
    public void CT3001_points_at_the_column_of_the_bad_token_in_the_file(string text, int column)
    {
        var diagnostics = new List<Diagnostic>();
        var input = new RequirementInput(text, Location: new SourceLocation("app.proj", 7, 33));

        Assert.Null(RequirementReader.Read(input, Ubuntu, Table, diagnostics));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidRequirement, diagnostic.Code);
        Assert.Contains(string.Format(CultureInfo.InvariantCulture, "column {0}", column), diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(new SourceLocation("app.proj", 7, 33 + column - 1), diagnostic.Location);
    }

    [Theory]
    [InlineData("zlib@git.0123456789abcdef0123456789abcdef01234567=1.3", "git.0123456789abcdef0123456789abcdef01234567=1.3", true)]
    [InlineData("zlib@1.3", "git.0123456789abcdef0123456789abcdef01234567=1.3", true)]
    [InlineData("zlib@=1.3", "git.0123456789abcdef0123456789abcdef01234567=1.3", false)]
    [InlineData("zlib@0123456789abcdef0123456789abcdef01234567", "0123456789abcdef0123456789abcdef01234567", true)]
    [InlineData("zlib@1.3:", "0123456789abcdef0123456789abcdef01234567", false)]
    [InlineData("zlib", "0123456789abcdef0123456789abcdef01234567", true)]
    [InlineData("zlib@develop", "develop", true)]
    [InlineData("zlib@1.2.3:1.2", "1.2.4", true)]
    public void Git_and_word_versions_in_requirements_match_as_Spack_says(string requirement, string version, bool expected)
    {
        Assert.Equal(expected, Matches(requirement, Spec(version: version)));
    }
}
