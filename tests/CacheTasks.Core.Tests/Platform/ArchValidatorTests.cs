using CacheTasks.Diagnostics;
using CacheTasks.Platform;
using CacheTasks.Requirements;

namespace CacheTasks.Core.Tests.Platform;

public sealed class ArchValidatorTests
{
    private static readonly MicroarchitectureTable Table = MicroarchitectureTable.Embedded;
    private static readonly SpackArch Host = new("linux", "ubuntu24.04", "zen3");

    private static (IReadOnlyList<SpackArch> Arches, List<Diagnostic> Diagnostics) Parse(params string[] entries)
    {
        var diagnostics = new List<Diagnostic>();
        var arches = ArchValidator.ParseList(entries, Messages.OriginSpackArch, Host, Table, null, diagnostics);
        return (arches, diagnostics);
    }

    [Theory]
    [InlineData("linux-ubuntu24.04-x86_64_v3")]
    [InlineData("linux-ubuntu26.04-x86_64_v3")]
    [InlineData("linux-rhel10-neoverse_v2")]
    [InlineData("linux-sle_hpc15-x86_64_v4")]
    [InlineData("linux-amzn2023-neoverse_v1")]
    [InlineData("darwin-sequoia-m2")]
    [InlineData("darwin-tahoe-m4")]
    [InlineData("windows-windows10.0.20348-x86_64")]
    [InlineData("linux-ubuntu20.04-ppc64le")]
    public void Known_names_and_oses_of_a_known_shape_are_accepted(string arch)
    {
        var (arches, diagnostics) = Parse(arch);

        Assert.Empty(diagnostics);
        Assert.Equal(arch, Assert.Single(arches).ToString());
    }

    [Theory]
    [InlineData("linux-ubuntu24.04-zen9", "target", "zen9", "zen")]
    [InlineData("linux-ubuntu24.04-x86_64_v5", "target", "x86_64_v5", "x86_64_v4")]
    [InlineData("linx-ubuntu24.04-zen3", "platform", "linx", "linux")]
    [InlineData("linux-Ubuntu24.04-zen3", "os", "Ubuntu24.04", "ubuntu24.04")]
    [InlineData("linux-ubuntu-zen3", "os", "ubuntu", "ubuntu14.04")]
    [InlineData("darwin-sequioa-m2", "os", "sequioa", "sequoia")]
    public void Unknown_names_are_CT3002_with_close_names(string arch, string kind, string name, string suggestion)
    {
        var (arches, diagnostics) = Parse(arch);

        Assert.Empty(arches);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.UnknownArch, diagnostic.Code);
        Assert.StartsWith(string.Format(Messages.ArchUnknownName, kind, name, Messages.OriginSpackArch, string.Empty), diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(suggestion, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_stands_for_the_detected_arch_once()
    {
        var (arches, diagnostics) = Parse("host", "HOST", "linux-ubuntu24.04-zen3", " ");

        Assert.Empty(diagnostics);
        Assert.Equal([Host], arches);
    }

    [Theory]
    [InlineData("zlib target=zen9", "zen9")]
    [InlineData("zlib arch=linux-ubuntu24.04-skylakex", "skylakex")]
    [InlineData("zlib platform=linuz", "linuz")]
    [InlineData("zlib os=UBUNTU", "UBUNTU")]
    public void Unknown_names_in_a_requirement_are_CT3002_and_leave_it_out(string text, string name)
    {
        var diagnostics = new List<Diagnostic>();
        var location = new SourceLocation("app.proj", 4, 9);

        Assert.Null(RequirementReader.Read(new RequirementInput(text, Location: location), Host, Table, diagnostics));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.UnknownArch, diagnostic.Code);
        Assert.Contains($"'{name}'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(location, diagnostic.Location);
    }
}
