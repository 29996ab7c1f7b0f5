using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Platform;
using CacheTasks.Reports;
using CacheTasks.Specs;

namespace CacheTasks.Core.Tests.Coverage;

/// <summary>What a CT1001 says: the nearest versions for the arch, what ruled them out, where the build exists.</summary>
public sealed class MissingHintTests
{
    private static readonly SpackArch Ubuntu24 = new("linux", "ubuntu24.04", "x86_64_v3");

    private static CatalogSpec Spec(string version, string os = "ubuntu24.04", string target = "x86_64_v3", string compiler = "gcc@13.3.0", string[]? variants = null, string[]? stacks = null) =>
        new("pkg", [SpackVersion.Parse(version)], "h" + version, "linux", os, target, SpecCompiler.Parse(compiler), VariantSet.FromStrings(variants ?? ["+shared"]), stacks ?? ["e4s"], "develop", new SourceLocation("pkg.md"));

    private static CoverageRow Row(string requirement, params CatalogSpec[] specs) => Row(requirement, null, specs);

    private static CoverageRow Row(string requirement, string? stack, params CatalogSpec[] specs)
    {
        var catalog = new SpackCatalog(["test"], specs);
        var result = CoverageChecker.Check(catalog, [new Requirement(requirement, SpecParser.Parse(requirement))], new CoverageOptions([Ubuntu24], MicroarchitectureTable.Embedded, stack));
        var row = Assert.Single(result.Rows);
        Assert.Equal(CoverageStatus.Missing, row.Status);
        Assert.Equal(string.Format(Messages.MissingForArch, requirement, Ubuntu24, row.Hint), Assert.Single(result.Diagnostics).Message);
        return row;
    }

    [Fact]
    public void A_missing_version_names_the_versions_for_the_arch_and_the_arches_where_it_exists()
    {
        var row = Row("pkg@2.5", Spec("2.3.1"), Spec("2.4.3"), Spec("2.5.0", os: "ubuntu22.04"));

        var expected = string.Format(Messages.HintAvailableForArch, Ubuntu24, "2.4.3, 2.3.1", string.Format(Messages.HintRuledOut, "@2.5"))
            + "; " + string.Format(Messages.HintExistsElsewhere, "2.5.0", "linux-ubuntu22.04-x86_64_v3")
            + string.Format(Messages.HintLibcWouldAccept, "2.5.0", "ubuntu22.04", "2.35", "ubuntu24.04", "2.39");
        Assert.Equal(expected, row.Hint);
        Assert.Equal(Mismatch.Version, row.RuledOutBy);
        Assert.Equal("✗ " + Messages.CellRuledOutVersion, ReportText.ShortCell(row));
    }

    [Fact]
    public void The_versions_listed_are_the_nearest_to_the_one_asked_for()
    {
        var specs = Enumerable.Range(0, 10).Select(i => Spec($"1.{i}")).Append(Spec("3.0")).Append(Spec("4.0")).ToArray();

        var row = Row("pkg@2", specs);

        Assert.Equal(string.Format(Messages.HintAvailableForArch, Ubuntu24, "4.0, 3.0, 1.9, 1.8, 1.7, …", string.Format(Messages.HintRuledOut, "@2")), row.Hint);
    }

    [Fact]
    public void A_variant_names_the_variant_and_what_the_binaries_have()
    {
        var row = Row("pkg@2.4 +cuda", Spec("2.4.3", variants: ["~cuda", "+shared"]));

        Assert.Equal(string.Format(Messages.HintAvailableForArch, Ubuntu24, "2.4.3", string.Format(Messages.HintRuledOut, "+cuda") + string.Format(Messages.HintBinariesHave, "~cuda")), row.Hint);
        Assert.Equal(Mismatch.Variant, row.RuledOutBy);
    }

    [Fact]
    public void A_variant_no_binary_lists_says_so()
    {
        var row = Row("pkg +mpi", Spec("2.4.3"));

        Assert.EndsWith(string.Format(Messages.HintRuledOut, "+mpi") + string.Format(Messages.HintBinariesLack, "mpi"), row.Hint);
    }

    [Fact]
    public void A_compiler_names_the_compilers_the_binaries_were_built_with()
    {
        var row = Row("pkg %gcc@12", Spec("2.4.3"), Spec("2.4.2", compiler: "gcc@13.2.0"));

        Assert.Equal(string.Format(Messages.HintAvailableForArch, Ubuntu24, "2.4.3, 2.4.2", string.Format(Messages.HintRuledOut, "%gcc@12") + string.Format(Messages.HintBinariesHave, "gcc@13.2.0, gcc@13.3.0")), row.Hint);
        Assert.Equal(Mismatch.Compiler, row.RuledOutBy);
        Assert.Equal("✗ " + Messages.CellRuledOutCompiler, ReportText.ShortCell(row));
    }

    [Fact]
    public void A_binary_for_a_newer_target_only_is_named_with_its_arch_and_the_target_rules_it_out()
    {
        var row = Row("pkg@1", Spec("1.0", target: "x86_64_v4"));

        Assert.Equal(string.Format(Messages.HintExistsElsewhere, "1.0", "linux-ubuntu24.04-x86_64_v4"), row.Hint);
        Assert.Equal(Mismatch.Target, row.RuledOutBy);
        Assert.Equal("✗ " + Messages.CellRuledOutTarget, ReportText.ShortCell(row));
    }

    [Fact]
    public void A_target_the_requirement_narrows_to_is_named_as_what_ruled_the_arch_binaries_out()
    {
        var row = Row("pkg@1 target=zen4", Spec("1.0"), Spec("1.0", target: "zen4", os: "ubuntu22.04"));

        Assert.Equal(string.Format(Messages.HintAvailableForArch, Ubuntu24, "1.0", string.Format(Messages.HintRuledOut, "target=zen4")) + "; " + string.Format(Messages.HintExistsElsewhere, "1.0", "linux-ubuntu22.04-zen4"), row.Hint);
        Assert.Equal(Mismatch.Target, row.RuledOutBy);
    }

    [Fact]
    public void A_stack_without_the_package_names_the_stacks_its_binaries_list()
    {
        var row = Row("pkg", "e4s", Spec("1.0", stacks: ["ml-linux-x86_64-cuda", "data-vis-sdk"]));

        Assert.Equal(string.Format(Messages.HintNotInStack, "pkg", "e4s") + string.Format(Messages.HintStacksAvailable, "data-vis-sdk, ml-linux-x86_64-cuda"), row.Hint);
        Assert.Equal(Mismatch.Stack, row.RuledOutBy);
        Assert.Equal("✗ " + Messages.CellRuledOutStack, ReportText.ShortCell(row));
    }

    [Fact]
    public void Several_versions_elsewhere_read_as_a_plural()
    {
        var row = Row("pkg@1", Spec("1.0", os: "ubuntu22.04"), Spec("1.1", os: "ubuntu22.04"));

        Assert.Equal(
            string.Format(Messages.HintExistElsewhere, "1.1, 1.0", "linux-ubuntu22.04-x86_64_v3") + string.Format(Messages.HintLibcWouldAccept, "1.1, 1.0", "ubuntu22.04", "2.35", "ubuntu24.04", "2.39"),
            row.Hint);
        Assert.Equal(Mismatch.Os, row.RuledOutBy);
    }

    [Fact]
    public void A_build_that_exists_nowhere_lists_the_arches_with_binaries()
    {
        var row = Row("pkg@9 +cuda", Spec("1.0", os: "ubuntu22.04"));

        Assert.Equal(string.Format(Messages.HintNoBuildForArch, "pkg", Ubuntu24, "linux-ubuntu22.04-x86_64_v3"), row.Hint);
        Assert.Equal(Mismatch.Os, row.RuledOutBy);
    }
}
