using System.Text.Json;
using CacheTasks.Specs;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Specs;

/// <summary>
/// The parse cases of Spack's own lib/spack/spack/test/spec_syntax.py that a requirement can be,
/// as data (tests/data/spack/spec_syntax.json, each case citing its Spack test): how Spack ≥ 1.0
/// binds what follows <c>%</c>, dependency clauses with edge attributes and their shorthands.
/// </summary>
public sealed class SpackSpecSyntaxTests
{
    private static readonly JsonElement Data = JsonDocument.Parse(File.ReadAllText(TestEnvironment.Repository("tests", "data", "spack", "spec_syntax.json"))).RootElement;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in Data.GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("test").GetString()!, c.GetProperty("input").GetString()!);
        }

        return data;
    }

    public static TheoryData<string, string> Errors()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in Data.GetProperty("errors").EnumerateArray())
        {
            data.Add(c.GetProperty("test").GetString()!, c.GetProperty("input").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_spec_of_Spacks_parser_tests_is_read_with_Spack_1_0_binding(string test, string input)
    {
        var expected = Data.GetProperty("cases").EnumerateArray().First(c => c.GetProperty("test").GetString() == test && c.GetProperty("input").GetString() == input);
        var spec = expected.TryGetProperty("anonymous", out var anonymous) && anonymous.GetBoolean() ? SpecParser.ParseAnonymous(input) : SpecParser.Parse(input);

        Assert.Equal(expected.GetProperty("root").GetString(), Node(spec));
        Assert.Equal(Optional(expected, "compiler"), spec.Compiler?.Clause is { } clause ? Clause(clause) : null);
        Assert.Equal(expected.TryGetProperty("dependencies", out var dependencies) ? dependencies.EnumerateArray().Select(d => d.GetString()!).ToArray() : [], spec.Dependencies.Select(Clause).ToArray());
        Assert.Equal(Optional(expected, "legacyReading"), spec.LegacyReading);
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public void A_spec_Spack_refuses_is_a_parse_error(string test, string input)
    {
        Assert.NotEmpty(test);
        Assert.Throws<SpecParseException>(() => SpecParser.Parse(input));
    }

    private static string? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static string Node(SpecConstraint node)
    {
        var parts = new List<string> { node.Name + (node.HasVersions ? "@" + node.Versions.Text : string.Empty) };
        parts.AddRange(node.Variants.Select(v => v.Text));
        parts.Add(node.Platform is null ? string.Empty : "platform=" + node.Platform);
        parts.Add(node.Os is null ? string.Empty : "os=" + node.Os);
        parts.Add(node.Target is null ? string.Empty : "target=" + node.Target);
        parts.Add(node.Hash is null ? string.Empty : "/" + node.Hash);
        return string.Join(" ", parts.Where(p => p.Length > 0));
    }

    private static string Clause(DependencyClause clause)
    {
        var attributes = new List<string>();
        if (clause.Virtuals.Count > 0)
        {
            attributes.Add("virtuals=" + string.Join(",", clause.Virtuals));
        }

        if (clause.Deptypes.Count > 0)
        {
            attributes.Add("deptypes=" + string.Join(",", clause.Deptypes));
        }

        if (clause.When is not null)
        {
            attributes.Add("when=" + clause.When);
        }

        var edge = attributes.Count > 0 ? "[" + string.Join(" ", attributes) + "] " : string.Empty;
        var own = new List<string>();
        if (clause.Node.Compiler?.Clause is { } compiler)
        {
            own.Add("compiler " + Clause(compiler));
        }

        own.AddRange(clause.Node.Dependencies.Select(Clause));
        return clause.Sigil + edge + Node(clause.Node) + (own.Count > 0 ? " {" + string.Join(" ", own) + "}" : string.Empty);
    }
}
