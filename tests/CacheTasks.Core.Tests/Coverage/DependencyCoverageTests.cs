using System.Text.Json;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Platform;
using CacheTasks.Reports;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Specs;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Coverage;

/// <summary>
/// Rule 7 through a whole check: requirements with <c>^</c> and <c>%</c> clauses against a
/// generated mirror index whose binaries carry their graphs, mixed with cache pages that do not.
/// </summary>
public sealed class DependencyCoverageTests
{
    private static readonly SpackArch X86 = new("linux", "ubuntu24.04", "x86_64_v3");
    private static readonly SpackArch Arm = new("linux", "ubuntu24.04", "aarch64");

    private static CoverageRunResult Run(TemporaryDirectory folder, string index, params string[] requirements)
    {
        var path = folder.Write("mirror/build_cache/index.json", index);
        return CoverageRun.Execute(new CoverageRunOptions
        {
            CatalogSources = [Path.GetDirectoryName(Path.GetDirectoryName(path))!],
            Arches = [X86.ToString(), Arm.ToString()],
            Requirements = requirements.Select(r => new RequirementInput(r)).ToList(),
            ReportDirectory = folder.Combine("out"),
            ReportFormats = ["json", "md", "html"],
            EnvironmentVariables = new Dictionary<string, string>(),
        });
    }

    [Fact]
    public void A_dependency_clause_is_checked_against_each_binarys_graph_and_a_missing_row_says_what_the_binaries_were_built_with()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();

        var run = Run(folder, DagIndex.Hdf5().ToString(), "hdf5@1.14 +mpi ^openmpi");

        Assert.Equal([CoverageStatus.Covered, CoverageStatus.Missing], run.Result!.Rows.Select(r => r.Status));
        Assert.Equal("openmpi", run.Result.Rows[0].BestMatch!.Dependencies!.Single(d => d.Virtuals.Contains("mpi")).Name);
        var missing = run.Result.Rows[1];
        Assert.Equal(Mismatch.Dependency, missing.RuledOutBy);
        Assert.Equal(
            string.Format(Messages.HintAvailableForArch, Arm, "1.14.5, 1.14.3", string.Format(Messages.HintRuledOut, "^openmpi") + string.Format(Messages.HintDependencyBuiltWith, 3, "hdf5", "^mpich@4.2.2"))
                + "; " + string.Format(Messages.HintExistsElsewhere, "1.14.5", X86),
            missing.Hint);
        Assert.DoesNotContain(run.Diagnostics, d => d.Code == DiagnosticCodes.DependenciesNotChecked);
        using var json = JsonDocument.Parse(File.ReadAllText(folder.Combine("out", "coverage.json")));
        Assert.All(json.RootElement.GetProperty("results").EnumerateArray(), r => Assert.False(r.TryGetProperty("unverified", out _)));
        Assert.Contains("^openmpi@5.0.3 /", File.ReadAllText(folder.Combine("out", "coverage.html")), StringComparison.Ordinal);
    }

    [Theory]
    // The shorthand and the edge attribute name the virtual and its provider on one edge.
    [InlineData("hdf5 ^mpi=openmpi", "covered", "missing")]
    [InlineData("hdf5 ^[virtuals=mpi] mpich", "missing", "covered")]
    [InlineData("hdf5 ^mpi", "covered", "covered")]
    // %: the compiler node of a database v8 binary, its version and its own arch; and a direct dependency of any type.
    [InlineData("hdf5 %gcc@13", "covered", "missing")]
    [InlineData("hdf5 %c=gcc@12", "missing", "covered")]
    [InlineData("hdf5 %gcc target=aarch64", "missing", "covered")]
    [InlineData("hdf5 %openmpi", "covered", "missing")]
    // ^ reaches a dependency of a dependency through link edges, and a build-only one of the root.
    [InlineData("hdf5 ^openmpi %gcc@13", "covered", "missing")]
    [InlineData("hdf5 ^gcc@12", "missing", "covered")]
    [InlineData("hdf5 ^mpich@4.3:", "missing", "missing")]
    [InlineData("hdf5 +fortran ^mpich", "missing", "covered")]
    public void Each_clause_holds_or_not_as_in_Spack(string requirement, string x86, string arm)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();

        var run = Run(folder, DagIndex.Hdf5().ToString(), requirement);

        Assert.Equal([x86, arm], run.Result!.Rows.Select(r => CoverageStatusNames.Of(r.Status)));
        Assert.All(run.Result.Rows, r => Assert.Empty(r.Unverified));
    }

    [Fact]
    public void A_virtuals_own_version_is_not_checked_and_says_so_once()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();

        var run = Run(folder, DagIndex.Hdf5().ToString(), "hdf5 ^mpi@3:");

        Assert.Equal([CoverageStatus.Covered, CoverageStatus.Covered], run.Result!.Rows.Select(r => r.Status));
        Assert.All(run.Result.Rows, r => Assert.Equal(["^mpi@3:"], r.Unverified));
        var note = Assert.Single(run.Diagnostics, d => d.Code == DiagnosticCodes.DependenciesNotChecked);
        Assert.Equal(string.Format(Messages.DependenciesNotChecked, "hdf5 ^mpi@3:", "'^mpi@3:'", "hdf5"), note.Message);
        using var json = JsonDocument.Parse(File.ReadAllText(folder.Combine("out", "coverage.json")));
        Assert.All(json.RootElement.GetProperty("results").EnumerateArray(), r => Assert.Equal(["^mpi@3:"], r.GetProperty("unverified").EnumerateArray().Select(e => e.GetString())));
        CoverageSchema.AssertValid(folder.Combine("out", "coverage.json"));
    }

    [Fact]
    public void A_page_binary_matches_on_its_root_with_its_clauses_unverified_and_a_verified_match_is_preferred()
    {
        var page = new CatalogSpec("hdf5", [SpackVersion.Parse("1.14.6")], "pagehash", "linux", "ubuntu24.04", "x86_64_v3", null, VariantSet.FromStrings(["+mpi"]), [], null, new SourceLocation("hdf5.md"));
        var pageArm = page with { Target = "aarch64", Hash = "pagehasharm" };
        var indexed = new List<CatalogSpec>();
        using (var folder = TestEnvironment.CreateTemporaryDirectory())
        {
            var path = folder.Write("index.json", DagIndex.Hdf5().ToString());
            using var stream = File.OpenRead(path);
            indexed.AddRange(MirrorIndexReader.Read(path, stream, new CatalogInterner(), null, MirrorIndexReader.DefaultBufferSize));
        }

        var catalog = new SpackCatalog(["mixed"], indexed.Append(page).Append(pageArm));
        var requirement = new Requirement("hdf5 +mpi ^openmpi", SpecParser.Parse("hdf5 +mpi ^openmpi"));

        var result = CoverageChecker.Check(catalog, [requirement], new CoverageOptions([X86, Arm], MicroarchitectureTable.Embedded));

        // x86_64_v3: the index binary verified ^openmpi, so it is the match shown though the page's version is newer.
        Assert.Equal(["1.14.5", "1.14.6"], result.Rows[0].Matches.Select(m => m.VersionText).Order());
        Assert.Equal("1.14.5", result.Rows[0].BestMatch!.VersionText);
        Assert.Empty(result.Rows[0].Unverified);
        // aarch64: only the page binary matches (the index ones have mpich), with ^openmpi unverified.
        Assert.Equal("pagehasharm", result.Rows[1].BestMatch!.Hash);
        Assert.Equal(["^openmpi"], result.Rows[1].Unverified);
        Assert.Equal("✓ 1.14.6" + string.Format(Messages.CellUnverified, "^openmpi"), ReportText.ShortCell(result.Rows[1]));
        var note = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.DependenciesNotChecked, DiagnosticSeverity.Message), (note.Code, note.Severity));
    }

    [Fact]
    public void A_clause_about_an_edge_the_index_left_out_is_unverified_not_failed()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var index = new DagIndex();
        var gcc13 = index.Add("gcc", "13.3.0", "x86_64", inBuildCache: false);
        var gcc12 = index.Add("gcc", "12.3.0", "aarch64", inBuildCache: false);
        var openmpi = index.Add("openmpi", "5.0.3", "x86_64_v3", dependencies: [(gcc13, ["build"], ["c"])]);
        var mpich = index.Add("mpich", "4.2.2", "aarch64", dependencies: [(gcc12, ["build"], ["c"])]);
        var hdf5 = index.Add("hdf5", "1.14.5", "x86_64_v3", dependencies: [(openmpi, ["build", "link"], ["mpi"]), (gcc13, ["build"], ["c"])]);
        index.Add("hdf5", "1.14.5", "aarch64", dependencies: [(mpich, ["build", "link"], ["mpi"]), (gcc12, ["build"], ["c"])]);
        index.Add("netcdf-c", "4.9.2", "x86_64_v3", dependencies: [(hdf5, ["build", "link"], []), (gcc13, ["build"], ["c"])]);
        index.Add("netcdf-c", "4.9.2", "aarch64", dependencies: [(gcc12, ["build"], ["c"])]);
        // The x86_64_v3 hdf5's edge to openmpi names a hash no install has: the reader leaves it out (CT2001).
        var ghost = new string('z', 32);
        var text = index.ToString().Replace("\"name\":\"openmpi\",\"hash\":\"" + openmpi + "\"", "\"name\":\"openmpi\",\"hash\":\"" + ghost + "\"", StringComparison.Ordinal);

        var run = Run(folder, text, "hdf5 ^openmpi", "hdf5 %openmpi", "netcdf-c ^openmpi", "hdf5 ^gcc@13");

        // The graphs that lost an edge cannot rule ^openmpi out; the whole aarch64 graphs can. What the edge loss does not touch is still verified.
        Assert.Equal(
            ["hdf5 ^openmpi covered ^openmpi", "hdf5 ^openmpi missing ", "hdf5 %openmpi covered %openmpi", "hdf5 %openmpi missing ", "netcdf-c ^openmpi covered ^openmpi", "netcdf-c ^openmpi missing ", "hdf5 ^gcc@13 covered ", "hdf5 ^gcc@13 missing "],
            run.Result!.Rows.Select(r => r.Requirement.Text + " " + CoverageStatusNames.Of(r.Status) + " " + string.Join(",", r.Unverified)));
        var problem = Assert.Single(run.Diagnostics, d => d.Code == DiagnosticCodes.UnreadableCatalogFile);
        Assert.Equal(string.Format(Messages.IndexProblemUsed, string.Format(Messages.IndexDependencyMissing, "hdf5@1.14.5/" + hdf5[..7], "openmpi", ghost)), problem.Message);
        Assert.Equal(
            ["hdf5 ^openmpi", "hdf5 %openmpi", "netcdf-c ^openmpi"],
            run.Diagnostics.Where(d => d.Code == DiagnosticCodes.DependenciesNotChecked).Select(d => d.Message[1..d.Message.IndexOf('\'', 1)]));
    }

    /// <summary>
    /// The examples on a mirror written by Spack 0.21–0.23 (database v7, in the layout of
    /// ../shared/catalog-index-samples/v2_layout-unsigned-index.db-v7.json): the compiler object is
    /// the historical compiler edge, so these rows are covered where Spack ≥ 1.0 says the binary
    /// satisfies them (they were missing, a false CI failure).
    /// </summary>
    [Theory]
    [InlineData("hdf5 %c", "covered")]
    [InlineData("fftw %fortran", "covered")]
    [InlineData("hdf5 ^gcc@13", "covered")]
    [InlineData("fftw ^clang", "covered")]
    [InlineData("fftw %clang@17", "covered")]
    [InlineData("fftw ^llvm", "missing")]
    [InlineData("hdf5 ^gcc@12", "missing")]
    public void A_database_v7_compiler_answers_compiler_and_dependency_clauses(string requirement, string x86)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        static string Install(string hash, string name, string version, string compiler, string compilerVersion) =>
            $$"""
            "{{hash}}":{"spec":{"name":"{{name}}","version":"{{version}}","arch":{"platform":"linux","platform_os":"ubuntu24.04","target":"x86_64_v3"},"compiler":{"name":"{{compiler}}","version":"{{compilerVersion}}"},"namespace":"builtin","parameters":{"build_system":"cmake","cflags":[],"cppflags":[],"cxxflags":[],"fflags":[],"ldflags":[],"ldlibs":[]},"hash":"{{hash}}"},"ref_count":0,"in_buildcache":true}
            """;
        var index = "{\"database\":{\"version\":\"7\",\"installs\":{"
            + Install("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "hdf5", "1.14.3", "gcc", "13.2.0") + ","
            + Install("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "fftw", "3.3.10", "clang", "17.0.6") + "}}}";

        var run = Run(folder, index, requirement);

        Assert.Equal([x86, "missing"], run.Result!.Rows.Select(r => CoverageStatusNames.Of(r.Status)));
        Assert.All(run.Result.Rows, r => Assert.Empty(r.Unverified));
        Assert.DoesNotContain(run.Diagnostics, d => d.Code == DiagnosticCodes.DependenciesNotChecked);
    }

    /// <summary>Spack's own index fixtures (../shared/catalog-index-samples): database v8 with compilers as nodes, v7 with a compiler field.</summary>
    [Theory]
    [InlineData("v2_layout-unsigned-index.db-v8.json", "test-debian6-m1", "libdwarf ^libelf@0.8.13", "covered", "")]
    [InlineData("v2_layout-unsigned-index.db-v8.json", "test-debian6-m1", "libdwarf ^compiler-wrapper", "covered", "")]
    [InlineData("v2_layout-unsigned-index.db-v8.json", "test-debian6-m1", "libdwarf ^libelf ^gcc-runtime@10", "covered", "")]
    [InlineData("v2_layout-unsigned-index.db-v8.json", "test-debian6-m1", "libdwarf %gcc@10", "covered", "")]
    [InlineData("v2_layout-unsigned-index.db-v8.json", "test-debian6-m1", "libdwarf %gcc@11", "missing", "")]
    [InlineData("v2_layout-unsigned-index.db-v8.json", "test-debian6-m1", "libdwarf %[virtuals=cxx] gcc", "covered", "")]
    [InlineData("v2_layout-unsigned-index.db-v8.json", "test-debian6-m1", "libelf %[virtuals=cxx] gcc", "missing", "")]
    [InlineData("v2_layout-unsigned-index.db-v8.json", "test-debian6-m1", "libdwarf %gcc target=aarch64", "covered", "")]
    [InlineData("v2_layout-unsigned-index.db-v8.json", "test-debian6-m1", "libdwarf %gcc target=x86_64", "missing", "")]
    [InlineData("v2_layout-unsigned-index.db-v8.json", "test-debian6-m1", "libdwarf ^libelf %gcc@10", "covered", "")]
    [InlineData("v2_layout-unsigned-index.db-v8.json", "test-debian6-m1", "libdwarf ^zlib", "missing", "")]
    [InlineData("v2_layout-unsigned-index.db-v7.json", "test-debian6-core2", "libdwarf ^libelf@0.8", "covered", "")]
    [InlineData("v2_layout-unsigned-index.db-v7.json", "test-debian6-core2", "libdwarf ^libelf@0.9", "missing", "")]
    [InlineData("v2_layout-unsigned-index.db-v7.json", "test-debian6-core2", "libdwarf ^libelf %gcc@10", "covered", "")]
    // Database v7 records the compiler as a field: its own arch is not recorded, so not checked.
    [InlineData("v2_layout-unsigned-index.db-v7.json", "test-debian6-core2", "libdwarf %gcc@10 target=x86_64", "covered", "%gcc@10 target=x86_64")]
    [InlineData("v2_layout-unsigned-index.db-v7.json", "test-debian6-core2", "libdwarf %gcc@11", "missing", "")]
    // The v7 compiler object is Spack's historical compiler edge: build, providing c, cxx and fortran (rule 7).
    [InlineData("v2_layout-unsigned-index.db-v7.json", "test-debian6-core2", "libdwarf %c", "covered", "")]
    [InlineData("v2_layout-unsigned-index.db-v7.json", "test-debian6-core2", "libelf %fortran", "covered", "")]
    [InlineData("v2_layout-unsigned-index.db-v7.json", "test-debian6-core2", "libdwarf %c=gcc@10", "covered", "")]
    [InlineData("v2_layout-unsigned-index.db-v7.json", "test-debian6-core2", "libdwarf %[virtuals=cxx] gcc", "covered", "")]
    [InlineData("v2_layout-unsigned-index.db-v7.json", "test-debian6-core2", "libdwarf ^gcc@10", "covered", "")]
    [InlineData("v2_layout-unsigned-index.db-v7.json", "test-debian6-core2", "libdwarf ^gcc@13", "missing", "")]
    [InlineData("v2_layout-unsigned-index.db-v7.json", "test-debian6-core2", "libdwarf ^cxx", "covered", "")]
    [InlineData("v2_layout-unsigned-index.db-v7.json", "test-debian6-core2", "libdwarf %[deptypes=link] gcc", "missing", "")]
    // A dependency node answers its own % clauses with its own recorded compiler.
    [InlineData("v2_layout-unsigned-index.db-v7.json", "test-debian6-core2", "libdwarf ^libelf %c", "covered", "")]
    [InlineData("v2_layout-unsigned-index.db-v7.json", "test-debian6-core2", "libdwarf ^gcc +debug", "covered", "^gcc +debug")]
    [InlineData("legacy_yaml-index.db-v6.json", "test-debian6-core2", "zlib %c", "covered", "")]
    [InlineData("legacy_yaml-index.db-v6.json", "test-debian6-core2", "zlib ^gcc@4.5", "covered", "")]
    // A v8 spec converted from an old file keeps its compiler as annotations.compiler: the same edge.
    [InlineData("v2_layout-unsigned-index.db-v8.json", "test-debian6-core2", "libelf %fortran", "covered", "")]
    [InlineData("v2_layout-unsigned-index.db-v8.json", "test-debian6-core2", "libelf ^gcc@10.2.1", "covered", "")]
    public void Spacks_index_fixtures_are_checked_with_their_graphs(string sample, string arch, string requirement, string status, string unverified)
    {
        var path = TestEnvironment.Shared("catalog-index-samples", sample);
        using var stream = File.OpenRead(path);
        var catalog = new SpackCatalog([path], MirrorIndexReader.Read(path, stream, new CatalogInterner(), null, MirrorIndexReader.DefaultBufferSize));
        Assert.True(SpackArch.TryParse(arch, out var spackArch));

        var result = CoverageChecker.Check(catalog, [new Requirement(requirement, SpecParser.Parse(requirement))], new CoverageOptions([spackArch!], MicroarchitectureTable.Embedded));

        var row = Assert.Single(result.Rows);
        Assert.Equal(status, CoverageStatusNames.Of(row.Status));
        Assert.Equal(unverified.Length == 0 ? [] : [unverified], row.Unverified);
    }
}
