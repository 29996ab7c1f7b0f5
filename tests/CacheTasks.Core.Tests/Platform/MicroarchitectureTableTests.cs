using CacheTasks.Diagnostics;
using CacheTasks.Platform;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Platform;

public sealed class MicroarchitectureTableTests
{
    private static readonly MicroarchitectureTable Table = MicroarchitectureTable.Embedded;

    [Theory]
    [InlineData("x86_64_v3", "zen3", true)]
    [InlineData("x86_64", "sapphirerapids", true)]
    [InlineData("x86_64_v4", "zen3", false)]
    [InlineData("zen3", "x86_64_v3", false)]
    [InlineData("aarch64", "neoverse_v2", true)]
    [InlineData("armv8.2a", "neoverse_v1", true)]
    [InlineData("armv9.0a", "neoverse_v2", true)]
    [InlineData("neoverse_n1", "neoverse_v1", true)]
    [InlineData("neoverse_v1", "neoverse_n1", false)]
    [InlineData("ppc64le", "power9le", true)]
    [InlineData("power8le", "power9le", true)]
    [InlineData("x86_64", "neoverse_v2", false)]
    [InlineData("aarch64", "zen4", false)]
    [InlineData("m1", "m2", true)]
    public void A_binary_runs_on_its_target_and_its_descendants_never_across_families(string binary, string machine, bool runs)
    {
        Assert.Equal(runs, Table.RunsOn(binary, machine));
    }

    [Fact]
    public void The_embedded_table_knows_the_arm_vendor_codes_and_darwin_flag_spellings()
    {
        Assert.Equal("ARM", Table.ArmVendors["0x41"]);
        Assert.Equal("Ampere", Table.ArmVendors["0xc0"]);
        Assert.Contains(Table.DarwinFlags, f => f.Key == "avx1.0" && f.Value == "avx");
    }

    [Fact]
    public void Archspecs_own_json_loads_as_the_same_table_as_the_embedded_one()
    {
        var diagnostics = new List<Diagnostic>();

        var table = MicroarchitectureTable.LoadArchspecJson(TestEnvironment.Shared("archspec", "microarchitectures.json"), diagnostics);

        Assert.Empty(diagnostics);
        Assert.NotNull(table);
        Assert.Equal(Table.Names.OrderBy(n => n, StringComparer.Ordinal), table!.Names.OrderBy(n => n, StringComparer.Ordinal));
        foreach (var name in Table.Names)
        {
            Assert.Equal(Table.AncestorsOf(name).OrderBy(n => n, StringComparer.Ordinal), table.AncestorsOf(name).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(Table.Find(name)!.Features.OrderBy(n => n, StringComparer.Ordinal).Distinct(), table.Find(name)!.Features.OrderBy(n => n, StringComparer.Ordinal).Distinct());
        }

        Assert.Equal(Table.ArmVendors.Count, table.ArmVendors.Count);
    }

    [Fact]
    public void A_user_table_can_teach_a_new_cpu()
    {
        using var directory = TestEnvironment.CreateTemporaryDirectory();
        var path = directory.Write("microarchitectures.json", """
            {
              "microarchitectures": {
                "x86_64": { "from": [], "vendor": "generic", "features": [] },
                "x86_64_v3": { "from": ["x86_64"], "vendor": "generic", "features": ["avx2"] },
                "zen9": { "from": ["x86_64_v3"], "vendor": "AuthenticAMD", "features": ["avx2", "avx1024"] }
              }
            }
            """);
        var diagnostics = new List<Diagnostic>();

        var table = MicroarchitectureTable.LoadArchspecJson(path, diagnostics);

        Assert.Empty(diagnostics);
        Assert.True(table!.RunsOn("x86_64_v3", "zen9"));
        Assert.False(table.Contains("zen4"));
    }

    [Theory]
    // JSON syntax error: a missing comma after line 3's object.
    [InlineData("{\n  \"microarchitectures\": {\n    \"x86_64\": { \"from\": [], \"vendor\": \"generic\", \"features\": [] }\n    \"zen\": {}\n  }\n}", 4, 5)]
    [InlineData("{ \"targets\": {} }", 1, 1)]
    [InlineData("{\n  \"microarchitectures\": {\n    \"x86_64\": { \"from\": [], \"features\": [] }\n  }\n}", 3, 5)]
    [InlineData("{\n  \"microarchitectures\": {\n    \"x86_64\": { \"from\": [], \"vendor\": \"generic\", \"features\": [] },\n    \"zen\": { \"from\": [\"x86_64_v9\"], \"vendor\": \"AuthenticAMD\", \"features\": [] }\n  }\n}", 4, 5)]
    [InlineData("{\n  \"microarchitectures\": {\n    \"a\": { \"from\": [\"b\"], \"vendor\": \"generic\", \"features\": [] },\n    \"b\": { \"from\": [\"a\"], \"vendor\": \"generic\", \"features\": [] }\n  }\n}", 3, 5)]
    public void A_bad_table_is_CT3002_at_its_line_and_column(string json, int line, int column)
    {
        using var directory = TestEnvironment.CreateTemporaryDirectory();
        var path = directory.Write("microarchitectures.json", json);
        var diagnostics = new List<Diagnostic>();

        var table = MicroarchitectureTable.LoadArchspecJson(path, diagnostics);

        Assert.Null(table);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.UnknownArch, diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(new SourceLocation(path, line, column), diagnostic.Location);
        Assert.StartsWith(string.Format(Messages.MicroarchitecturesUnreadable, path, string.Empty).Split(':')[0], diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_table_file_is_CT3002_naming_it()
    {
        var diagnostics = new List<Diagnostic>();
        var path = Path.Combine(Path.GetTempPath(), "cachetasks-no-such-dir", "microarchitectures.json");

        Assert.Null(MicroarchitectureTable.LoadArchspecJson(path, diagnostics));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.UnknownArch, diagnostic.Code);
        Assert.Equal(new SourceLocation(path), diagnostic.Location);
        Assert.Equal(string.Format(Messages.MicroarchitecturesUnreadable, path, Messages.MicroarchitecturesMissingFile), diagnostic.Message);
    }
}
