using CacheTasks.Catalog;
using CacheTasks.Sources;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Platform;
using CacheTasks.Specs;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Coverage;

public sealed class CoverageCheckerTests
{
    private static readonly SpackArch UbuntuX86 = new("linux", "ubuntu24.04", "x86_64_v3");
    private static readonly SpackArch UbuntuZen3 = new("linux", "ubuntu24.04", "zen3");
    private static readonly SpackArch UbuntuArm = new("linux", "ubuntu24.04", "neoverse_v2");

    private static SpackCatalog SharedCatalog() => SourceKinds.Load([TestEnvironment.SharedCatalog]).Catalog;

    private static Requirement Require(string text, string? stack = null) => new(text, SpecParser.Parse(text), stack);

    private static CoverageResult Check(SpackCatalog catalog, IReadOnlyList<SpackArch> arches, params Requirement[] requirements) =>
        CoverageChecker.Check(catalog, requirements, new CoverageOptions(arches, MicroarchitectureTable.Embedded));

    [Fact]
    public void Known_specs_of_the_shared_catalog_are_covered_on_compatible_targets()
    {
        var result = Check(SharedCatalog(), [UbuntuX86, UbuntuZen3, UbuntuArm], Require("py-pdm-backend@2.4:"));

        Assert.All(result.Rows, r => Assert.Equal(CoverageStatus.Covered, r.Status));
        Assert.All(result.Rows[1].Matches, m => Assert.Equal("x86_64_v3", m.Target));
        Assert.All(result.Rows[2].Matches, m => Assert.Equal("aarch64", m.Target));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void A_version_the_catalog_lacks_is_CT1001_naming_what_is_available()
    {
        var result = Check(SharedCatalog(), [UbuntuX86], Require("py-pdm-backend@2.5"));

        var row = Assert.Single(result.Rows);
        Assert.Equal(CoverageStatus.Missing, row.Status);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.MissingForArch, diagnostic.Code);
        Assert.Equal(string.Format(Messages.HintAvailableForArch, UbuntuX86, "2.4.3", string.Format(Messages.HintRuledOut, "@2.5")), row.Hint);
        Assert.Equal(string.Format(Messages.MissingForArch, "py-pdm-backend@2.5", UbuntuX86, row.Hint), diagnostic.Message);
    }

    [Fact]
    public void A_binary_never_runs_on_an_older_target_or_another_family()
    {
        var result = Check(SharedCatalog(), [new SpackArch("linux", "ubuntu24.04", "x86_64_v2"), new SpackArch("linux", "ubuntu24.04", "ppc64le")], Require("py-pdm-backend"));

        Assert.All(result.Rows, r => Assert.Equal(CoverageStatus.Missing, r.Status));
    }

    [Fact]
    public void Variants_in_both_page_spellings_and_compilers_in_both_spellings_match()
    {
        var catalog = SharedCatalog();
        var result = Check(catalog, [UbuntuX86], Require("rocblas@6.1 amdgpu_target=gfx90a +tensile %gcc@13.2.0"), Require("rocblas@6.1 amdgpu_target:=gfx90a %gcc@13.2"));

        Assert.All(result.Rows, r => Assert.Equal(CoverageStatus.Covered, r.Status));
        Assert.All(result.Rows, r => Assert.Equal(["develop-2025-03-23", "develop-2025-03-30"], r.Matches.Select(m => m.Tag).Order()));
    }

    [Fact]
    public void Stacks_narrow_the_binaries_that_count()
    {
        var catalog = SharedCatalog();

        var inStack = Check(catalog, [UbuntuX86], Require("py-pdm-backend", "ml-linux-x86_64-cuda"));
        var notInStack = Check(catalog, [UbuntuX86], Require("py-pdm-backend", "e4s-power"));

        Assert.Equal(CoverageStatus.Covered, Assert.Single(inStack.Rows).Status);
        Assert.Equal(CoverageStatus.Missing, Assert.Single(notInStack.Rows).Status);
    }

    [Fact]
    public void A_package_not_in_the_catalog_is_one_CT1002_with_close_names()
    {
        var result = Check(SharedCatalog(), [UbuntuX86, UbuntuArm], Require("py-pdm-backen@2"));

        Assert.Equal(2, result.Rows.Count);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.PackageNotInCatalog, diagnostic.Code);
        Assert.Contains(string.Format(Messages.DidYouMean, "py-pdm-backend"), diagnostic.Message);
        Assert.Equal(new CoverageSummary(2, 0), result.Summary);
    }

    [Fact]
    public void Requirement_severity_overrides_the_default()
    {
        var requirement = Require("nothing-like-this") with { Severity = DiagnosticSeverity.Error };

        var result = Check(SharedCatalog(), [UbuntuX86], requirement);

        Assert.Equal(DiagnosticSeverity.Error, Assert.Single(result.Diagnostics).Severity);
    }
}
