using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Platform;
using CacheTasks.Requirements;

namespace CacheTasks.Core.Tests.Requirements;

/// <summary>
/// A requirement's <c>arch=</c> as Spack reads it (<c>Spec._add_flag</c>): three parts are
/// platform-os-target, any other value is the target, and its names are checked like any other.
/// </summary>
public sealed class RequirementArchTests
{
    private static readonly SpackArch Host = new("linux", "ubuntu24.04", "zen3");

    private static (Requirement? Requirement, List<Diagnostic> Diagnostics) Read(string text)
    {
        var diagnostics = new List<Diagnostic>();
        var requirement = RequirementReader.Read(new RequirementInput(text), Host, MicroarchitectureTable.Embedded, diagnostics);
        return (requirement, diagnostics);
    }

    [Theory]
    [InlineData("hypre arch=x86_64", null, null, "x86_64")]
    [InlineData("hypre arch=zen2:", null, null, "zen2:")]
    [InlineData("hypre target=:broadwell,icelake", null, null, ":broadwell,icelake")]
    [InlineData("hypre arch=x86_64_v3:,aarch64", null, null, "x86_64_v3:,aarch64")]
    [InlineData("hypre target=nocona:haswell", null, null, "nocona:haswell")]
    [InlineData("hypre platform=* os=* target=*", "*", "*", "*")]
    [InlineData("hypre arch=linux-rhel8-x86_64_v3", "linux", "rhel8", "x86_64_v3")]
    [InlineData("hypre architecture=linux--zen3", "linux", null, "zen3")]
    public void A_valid_arch_is_read_with_no_diagnostic(string text, string? platform, string? os, string target)
    {
        var (requirement, diagnostics) = Read(text);

        Assert.Empty(diagnostics);
        Assert.Equal((platform, os, target), (requirement!.Spec.Platform, requirement.Spec.Os, requirement.Spec.Target?.ToString()));
    }

    [Theory]
    [InlineData("hypre target=x86_64_v3:,zne3", "zne3")]
    [InlineData("hypre target=:broadwel,icelake", "broadwel")]
    [InlineData("hypre target=nocona:haswel", "haswel")]
    public void Each_name_of_a_target_list_is_checked_and_an_unknown_one_is_CT3002(string text, string unknown)
    {
        var (_, diagnostics) = Read(text);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("CT3002", diagnostic.Code);
        Assert.Contains("'" + unknown + "'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_parts_are_one_target_name_that_no_CPU_has_so_CT3002_names_it()
    {
        var (requirement, diagnostics) = Read("hypre arch=linux-x86_64");

        Assert.Null(requirement);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.UnknownArch, diagnostic.Code);
        Assert.Contains("'linux-x86_64'", diagnostic.Message, StringComparison.Ordinal);
    }
}
