using System.Text.Json;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Platform;
using CacheTasks.Specs;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Coverage;

/// <summary>
/// Rule 7 as Spack decides it: the <c>^</c>/<c>%</c> cases of Spack's own
/// lib/spack/spack/test/spec_semantics.py (commit 0068a734e7a27eacc982b4cb5536d9cf419d763d) that
/// apply to a concrete binary against an abstract requirement, as data
/// (tests/data/spack/spec_semantics_dependencies.json: each case cites its Spack test and row, its
/// <c>basis</c> says how strong the expected value is, and <c>dag_format</c> explains the graph).
/// Each case's binary becomes a <see cref="CatalogSpec"/> graph as the index reader builds it, and
/// the one matcher's answer must be Spack's.
/// </summary>
public sealed class SpackDependencySemanticsTests
{
    private static readonly JsonElement Data = JsonDocument.Parse(File.ReadAllText(TestEnvironment.Repository("tests", "data", "spack", "spec_semantics_dependencies.json"))).RootElement;

    private static readonly SpecMatcher Matcher = new(MicroarchitectureTable.Embedded);

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Data.GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("id").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_binary_satisfies_a_dependency_requirement_as_Spack_says(string id)
    {
        var c = Data.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("id").GetString() == id);
        var root = Graph(c.GetProperty("binary"));
        var rhs = c.GetProperty("rhs").GetString()!;
        // Spack's rows may leave the root anonymous ("^pkg-a", "@0:1 %gcc"); a requirement names it.
        var text = rhs[0] is '^' or '%' ? root.Name + " " + rhs : rhs[0] == '@' ? root.Name + rhs : rhs;
        var requirement = new Requirement(text, SpecParser.Parse(text));

        var check = Matcher.CheckBuild(requirement, root);

        Assert.True(c.GetProperty("expected").GetBoolean() == (check.Mismatch == Mismatch.None), $"{id}: '{text}' on {c.GetProperty("lhs").GetString()} ({c.GetProperty("basis").GetString()}) gave {check.Mismatch}");
        // Every case's binary carries its graph (or its historical compiler edge): nothing is left unverified.
        Assert.Empty(check.Unverified);
    }

    /// <summary>The case's binary as the index reader would build it: one node per install, edges to the nodes.</summary>
    internal static CatalogSpec Graph(JsonElement binary)
    {
        var edges = new Dictionary<string, List<CatalogDependency>>(StringComparer.Ordinal);
        var nodes = new Dictionary<string, CatalogSpec>(StringComparer.Ordinal);
        foreach (var node in binary.GetProperty("nodes").EnumerateArray())
        {
            var id = node.GetProperty("id").GetString()!;
            var variants = node.TryGetProperty("variants", out var v)
                ? v.EnumerateObject().Select(Variant).ToArray()
                : [];
            var compiler = node.TryGetProperty("compiler", out var cc)
                ? new SpecCompiler(cc.GetProperty("name").GetString()!, SpackVersion.Parse(cc.GetProperty("version").GetString()!))
                : null;
            edges[id] = [];
            nodes[id] = new CatalogSpec(
                node.GetProperty("name").GetString()!,
                [SpackVersion.Parse(node.GetProperty("version").GetString()!)],
                id.PadRight(32, 'a'),
                "linux",
                "ubuntu24.04",
                "x86_64_v3",
                compiler,
                VariantSet.FromStrings(variants),
                [],
                null,
                new SourceLocation("index.json")) { Dependencies = edges[id] };
        }

        foreach (var edge in binary.GetProperty("edges").EnumerateArray())
        {
            var types = edge.GetProperty("deptypes").EnumerateArray().Aggregate(DependencyTypes.None, (t, e) => t | Enum.Parse<DependencyTypes>(e.GetString()!, ignoreCase: true));
            var virtuals = edge.GetProperty("virtuals").EnumerateArray().Select(e => e.GetString()!).ToArray();
            edges[edge.GetProperty("parent").GetString()!].Add(new CatalogDependency(nodes[edge.GetProperty("child").GetString()!], types, virtuals));
        }

        return nodes[binary.GetProperty("root").GetString()!];
    }

    private static string Variant(JsonProperty variant) => variant.Value.ValueKind switch
    {
        JsonValueKind.True => "+" + variant.Name,
        JsonValueKind.False => "~" + variant.Name,
        JsonValueKind.Array => variant.Name + "=" + string.Join(",", variant.Value.EnumerateArray().Select(e => e.GetString())),
        _ => variant.Name + "=" + variant.Value.GetString(),
    };
}
