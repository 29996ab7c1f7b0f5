using System.Text.Json;
using CacheTasks.Diagnostics;
using CacheTasks.Environments;
using CacheTasks.Platform;
using CacheTasks.Specs;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Environments;

/// <summary>
/// The test of record for environment expansion: every expansion case of Spack's own
/// lib/spack/spack/test/spec_list.py and the stack, definition, matrix and <c>when:</c> cases of
/// lib/spack/spack/test/cmd/env.py, as data (tests/data/spack/env_cases.json, each case citing its
/// Spack test and commit), expanded by <see cref="EnvironmentReader"/> and compared spec by spec as
/// Spack compares specs.
/// </summary>
public sealed class SpackEnvironmentCasesTests
{
    private static readonly JsonElement Data = JsonDocument.Parse(File.ReadAllText(TestEnvironment.Repository("tests", "data", "spack", "env_cases.json"))).RootElement;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Data.GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("test").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_case_of_Spacks_tests_expands_as_Spack_expands_it(string test)
    {
        var c = Data.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("test").GetString() == test);
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", string.Join("\n", c.GetProperty("yaml").EnumerateArray().Select(l => l.GetString())) + "\n");
        var hostText = c.TryGetProperty("host", out var h) ? h.GetString()! : "linux-ubuntu24.04-zen3";
        var parts = hostText.Split('-');
        var variables = c.TryGetProperty("env", out var env) ? env.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!) : new Dictionary<string, string>();
        var diagnostics = new List<Diagnostic>();

        var inputs = EnvironmentReader.Read(new EnvironmentInput(path), new EnvironmentContext(new SpackArch(parts[0], parts[1], parts[2]), variables) { HostName = "login1" }, diagnostics);

        var expected = c.GetProperty("expected").EnumerateArray().Select(e => Canonical(e.GetString()!)).ToList();
        var actual = inputs.Select(i => Canonical(i.Text)).ToList();
        if (c.TryGetProperty("unordered", out var unordered) && unordered.GetBoolean())
        {
            expected.Sort(StringComparer.Ordinal);
            actual.Sort(StringComparer.Ordinal);
        }

        Assert.Equal(expected, actual);
        var errors = c.TryGetProperty("errors", out var e) ? e.GetInt32() : 0;
        Assert.Equal(errors, diagnostics.Count(d => d.Code == DiagnosticCodes.InvalidEnvironment));
        Assert.Equal(errors, diagnostics.Count);
    }

    /// <summary>A spec as Spack compares it: the order of variants and of dependency clauses does not matter.</summary>
    internal static string Canonical(string text) => Canonical(SpecParser.ParseAnonymous(text));

    internal static string Canonical(SpecConstraint spec)
    {
        var parts = new List<string> { spec.Name + (spec.HasVersions ? "@" + spec.Versions.Text : string.Empty) };
        parts.AddRange(spec.Variants.Select(v => v.Name + (v.Exact ? ":=" : "=") + string.Join(",", v.Values.OrderBy(x => x, StringComparer.Ordinal))).OrderBy(x => x, StringComparer.Ordinal));
        parts.Add(spec.Platform is null ? string.Empty : "platform=" + spec.Platform);
        parts.Add(spec.Os is null ? string.Empty : "os=" + spec.Os);
        parts.Add(spec.Target is null ? string.Empty : "target=" + spec.Target);
        parts.Add(spec.Hash is null ? string.Empty : "/" + spec.Hash);
        if (spec.Compiler is { } compiler)
        {
            parts.Add("%" + CompilerNames.Normalize(compiler.Name) + (compiler.Node is { } node ? "(" + Canonical(node with { Name = string.Empty }) + ")" : "@" + compiler.Versions.Text));
        }

        parts.AddRange(spec.Dependencies.Select(d => d.Sigil + string.Join(",", d.Virtuals) + "(" + Canonical(d.Node) + ")").OrderBy(x => x, StringComparer.Ordinal));
        return string.Join(" ", parts.Where(p => p.Length > 0));
    }
}
