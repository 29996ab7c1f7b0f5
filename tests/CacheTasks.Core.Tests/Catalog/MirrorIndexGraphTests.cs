using System.Text;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Sources;
using CacheTasks.Diagnostics;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Catalog;

/// <summary>
/// The dependency graph a mirror index carries (issue 14), how the streaming reader copes with
/// one-line files of any size, and what bad graphs give: CT2001 at the install, the rest used.
/// </summary>
public sealed class MirrorIndexGraphTests
{
    private static string Sample(string name) => TestEnvironment.Shared("catalog-index-samples", name);

    private static IReadOnlyList<CatalogSpec> ReadSample(string name, int bufferSize = MirrorIndexReader.DefaultBufferSize)
    {
        using var stream = File.OpenRead(Sample(name));
        return MirrorIndexReader.Read(Sample(name), stream, new CatalogInterner(), null, bufferSize);
    }

    /// <summary>Each edge as name@version/hash7 [deptypes] (virtuals), for comparing graphs.</summary>
    private static List<string> Edges(CatalogSpec spec) =>
        spec.Dependencies!.Select(d => $"{d.Name}@{d.Spec.VersionText}/{d.Hash![..7]} [{d.Types}] ({string.Join(",", d.Virtuals)}){(d.Spec.InBuildCache ? string.Empty : " external")}").ToList();

    [Fact]
    public void Version_8_keeps_every_edge_resolved_to_its_node_and_the_compiler_as_an_external_node()
    {
        var specs = ReadSample("v2_layout-unsigned-index.db-v8.json");
        var libdwarf = specs.Single(s => s.Hash == "u5uz3dcch5if4eve4sef67o2rf2lbfgh");

        Assert.Equal(
            [
                "compiler-wrapper@1.0/qeehcxy [Build] ()",
                "gcc@10.2.1/vd7v4ss [Build] (c,cxx) external",
                "gcc-runtime@10.2.1/izgzpze [Link] ()",
                "libelf@0.8.13/jr3yipy [Build, Link] ()",
            ],
            Edges(libdwarf));
        // The edge leads to the binary itself, not a copy; gcc is a node only.
        Assert.Same(specs.Single(s => s.Hash == "jr3yipyxyjulcdvckwwwjrrumis7glpa"), libdwarf.Dependencies!.Single(d => d.Name == "libelf").Spec);
        var gcc = libdwarf.Dependencies!.Single(d => d.Name == "gcc").Spec;
        Assert.False(gcc.InBuildCache);
        Assert.Equal("test-debian6-aarch64", gcc.Arch.ToString());
        Assert.DoesNotContain(gcc, specs);
        Assert.Same(gcc, specs.Single(s => s.Name == "gcc-runtime").Dependencies!.Single().Spec);
        Assert.All(specs, s => Assert.True(s.InBuildCache));
        Assert.Empty(specs.Single(s => s.Hash == "rqh2vuf6fqwkmipzgi2wjx352mq7y7ez").Dependencies!);
    }

    /// <summary>
    /// The index reads edges in every layout Spack's node dicts have had (the one node-dict reader,
    /// shared with spack.lock): the dependency's hash under hash, dag_hash, build_hash or full_hash,
    /// types as deptypes or type, a bare hash; and an edge that names no types is a build and link
    /// dependency (so ^ reaches through it), in both readers alike.
    /// </summary>
    [Fact]
    public void Every_edge_layout_is_read_and_an_edge_without_types_is_build_and_link()
    {
        static string Install(string hash, string name, string dependencies) =>
            $$"""
            "{{hash}}":{"spec":{"name":"{{name}}","version":"1.0","arch":{"platform":"linux","platform_os":"ubuntu24.04","target":"x86_64"},"hash":"{{hash}}"{{dependencies}}},"in_buildcache":true}
            """;
        var a = new string('a', 32);
        var b = new string('b', 32);
        var c = new string('c', 32);
        var d = new string('d', 32);
        var e = new string('e', 32);
        var index = "{\"database\":{\"version\":\"7\",\"installs\":{"
            + Install(a, "app", $$$""","dependencies":[{"name":"bzip2","dag_hash":"{{{b}}}","parameters":{"deptypes":["run"],"virtuals":[]}},{"name":"zlib","hash":"{{{c}}}"},{"name":"cmake","build_hash":"{{{d}}}","type":["build"]}]""") + ","
            + Install(b, "bzip2", string.Empty) + ","
            + Install(c, "zlib", $$$""","dependencies":{"xz":"{{{e}}}"}""") + ","
            + Install(d, "cmake", string.Empty) + ","
            + Install(e, "xz", string.Empty) + "}}}";
        var path = Path.Combine(Path.GetTempPath(), "index.json");

        var specs = MirrorIndexReader.Read(path, Encoding.UTF8.GetBytes(index));

        var app = specs.Single(s => s.Name == "app");
        Assert.Equal(
            [$"bzip2@1.0/{b[..7]} [Run] ()", $"zlib@1.0/{c[..7]} [Build, Link] ()", $"cmake@1.0/{d[..7]} [Build] ()"],
            Edges(app));
        Assert.Equal([$"xz@1.0/{e[..7]} [Build, Link] ()"], Edges(specs.Single(s => s.Name == "zlib")));
        Assert.All(specs, s => Assert.False(s.GraphIncomplete));
    }

    [Fact]
    public void Version_7_and_6_keep_their_edges_too()
    {
        var v7 = ReadSample("v2_layout-unsigned-index.db-v7.json");
        var v6 = ReadSample("legacy_yaml-index.db-v6.json");

        Assert.Equal(["libelf@0.8.13/rqh2vuf [Build, Link] ()"], Edges(v7.Single(s => s.Name == "libdwarf")));
        Assert.Empty(v7.Single(s => s.Name == "libelf").Dependencies!);
        Assert.NotNull(Assert.Single(v6).Dependencies);
    }

    [Theory]
    [InlineData("legacy_yaml-index.db-v6.json")]
    [InlineData("v2_layout-unsigned-index.db-v7.json")]
    [InlineData("v2_layout-unsigned-index.db-v8.json")]
    public void A_tiny_buffer_that_cuts_every_value_gives_the_same_specs_and_graph(string sample)
    {
        var whole = ReadSample(sample);
        var cut = ReadSample(sample, bufferSize: 16);

        Assert.Equal(JsonLinePageReaderTests.Describe(whole), JsonLinePageReaderTests.Describe(cut));
        Assert.Equal(whole.Select(Edges), cut.Select(Edges));
    }

    [Fact]
    public void A_character_cut_by_the_buffer_end_is_still_UTF_8_and_a_bad_byte_is_found_where_it_is()
    {
        var good = Index(3, install => install == 2 ? "\"package_hash\":\"é€😀\"," : string.Empty);
        var specs = Read(good, bufferSize: 16, out var problems);
        Assert.Equal(3, specs.Count);
        Assert.Empty(problems);

        var bad = Encoding.UTF8.GetBytes(Index(3, _ => string.Empty).Replace("\"p2\"", "\"p2\u00ff\"", StringComparison.Ordinal));
        var at = Array.IndexOf(bad, (byte)0xC3, 0);
        bad[at] = 0xFF;
        var error = Assert.Throws<CatalogFormatException>(() => MirrorIndexReader.Read("index.json", new MemoryStream(bad), new CatalogInterner(), null, 16));
        Assert.Equal(string.Format(Messages.PageErrorInvalidUtf8, 0xFF), error.Message);
        Assert.Equal((1, at + 1), (error.Line, error.Column));
    }

    /// <summary>The 1 GiB limit on one value, shrunk to 1 KiB: a longer value is CT2001 at its install, not an unbounded buffer.</summary>
    [Fact]
    public void A_value_longer_than_the_limit_is_refused_at_the_install_that_holds_it()
    {
        var text = Index(3, install => install == 1 ? "\"package_hash\":\"" + new string('a', 3000) + "\"," : string.Empty);

        var error = Assert.Throws<CatalogFormatException>(() => MirrorIndexReader.Read("index.json", new MemoryStream(Encoding.UTF8.GetBytes(text)), new CatalogInterner(), null, 16, maxValueBytes: 1024));

        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, Messages.IndexErrorValueTooLarge, 1024), error.Message);
        Assert.Equal((1, Column(text, 1)), (error.Line, error.Column));
    }

    [Fact]
    public void A_dependency_missing_from_the_index_a_cycle_and_virtuals_that_are_not_a_list_are_problems_at_the_install_and_the_rest_is_used()
    {
        // p1 depends on a hash no install has; p2 and p3 depend on each other; p4's edge has "virtuals": "mpi".
        var text = Index(5, install => string.Empty, install => install switch
        {
            1 => [Edge("ghost", Hash(999))],
            2 => [Edge("p3", Hash(3))],
            3 => [Edge("p2", Hash(2)), Edge("p0", Hash(0))],
            4 => ["{\"name\":\"p0\",\"hash\":\"" + Hash(0) + "\",\"parameters\":{\"deptypes\":[\"link\"],\"virtuals\":\"mpi\"}}"],
            _ => [],
        });

        var specs = Read(text, MirrorIndexReader.DefaultBufferSize, out var problems);

        Assert.Equal(5, specs.Count);
        Assert.Equal(
            [
                (string.Format(Messages.IndexDependencyMissing, "p1@1.1/" + Hash(1)[..7], "ghost", Hash(999)), Column(text, 1)),
                (string.Format(Messages.IndexDependencyCycle, "p3@1.3/" + Hash(3)[..7], "p2", Hash(2)), Column(text, 3)),
                (string.Format(Messages.IndexVirtualsNotList, "p4@1.4/" + Hash(4)[..7], "p0"), Column(text, 4)),
            ],
            problems.Select(p => (p.Message, p.Column)));
        Assert.All(problems, p => Assert.Equal(1, p.Line));
        Assert.Empty(specs.Single(s => s.Name == "p1").Dependencies!);
        Assert.Equal(["p3"], specs.Single(s => s.Name == "p2").Dependencies!.Select(d => d.Name));
        Assert.Equal(["p0"], specs.Single(s => s.Name == "p3").Dependencies!.Select(d => d.Name));
        var kept = Assert.Single(specs.Single(s => s.Name == "p4").Dependencies!);
        Assert.Equal((DependencyTypes.Link, 0), (kept.Types, kept.Virtuals.Count));
    }

    [Fact]
    public void Through_the_loader_a_graph_problem_is_CT2001_at_the_install_and_the_index_is_used_and_not_cached()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var text = Index(3, _ => string.Empty, install => install == 2 ? [Edge("ghost", Hash(999))] : []);
        var index = folder.Write("mirror/build_cache/index.json", text);
        File.SetLastWriteTimeUtc(index, DateTime.UtcNow.AddHours(-1));
        var options = new CatalogLoadOptions { CacheDirectory = folder.Combine("obj") };

        var first = SourceKinds.Load([folder.Combine("mirror")], options);
        var second = SourceKinds.Load([folder.Combine("mirror")], options);

        foreach (var result in new[] { first, second })
        {
            Assert.Equal(3, result.Catalog.SpecCount);
            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.Equal((DiagnosticCodes.UnreadableCatalogFile, DiagnosticSeverity.Warning), (diagnostic.Code, diagnostic.Severity));
            Assert.Equal(string.Format(Messages.IndexProblemUsed, string.Format(Messages.IndexDependencyMissing, "p2@1.2/" + Hash(2)[..7], "ghost", Hash(999))), diagnostic.Message);
            Assert.Equal(new SourceLocation(index, 1, Column(text, 2)), diagnostic.Location);
        }
    }

    [Fact]
    public void A_warm_load_takes_the_graph_from_the_parsed_cache()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var index = folder.Write("mirror/build_cache/index.json", File.ReadAllText(Sample("v2_layout-unsigned-index.db-v8.json")));
        File.SetLastWriteTimeUtc(index, DateTime.UtcNow.AddHours(-1));
        var options = new CatalogLoadOptions { CacheDirectory = folder.Combine("obj") };
        var cold = SourceKinds.Load([index], options);

        // Same size and time, another database version: a new read would refuse the file (CT2001),
        // a load from the cache does not read it again (installs are read again from their own
        // places in it when looked up, and those bytes did not change).
        var time = File.GetLastWriteTimeUtc(index);
        var text = File.ReadAllText(index);
        Assert.StartsWith("{\"database\":{\"version\":\"8\"", text, StringComparison.Ordinal);
        File.WriteAllText(index, "{\"database\":{\"version\":\"9\"" + text["{\"database\":{\"version\":\"8\"".Length..]);
        File.SetLastWriteTimeUtc(index, time);
        var warm = SourceKinds.Load([index], options);

        Assert.Empty(warm.Diagnostics);
        foreach (var name in cold.Catalog.PackageNames)
        {
            var coldSpecs = cold.Catalog.SpecsFor(name).OrderBy(s => s.Hash).ToList();
            var warmSpecs = warm.Catalog.SpecsFor(name).OrderBy(s => s.Hash).ToList();
            Assert.Equal(JsonLinePageReaderTests.Describe(coldSpecs), JsonLinePageReaderTests.Describe(warmSpecs));
            Assert.Equal(coldSpecs.Select(Edges), warmSpecs.Select(Edges));
        }

        var libdwarf = warm.Catalog.SpecsFor("libdwarf").Single(s => s.Hash!.StartsWith("u5uz", StringComparison.Ordinal));
        var runtime = warm.Catalog.SpecsFor("gcc-runtime").Single();
        Assert.Same(runtime, libdwarf.Dependencies!.Single(d => d.Name == "gcc-runtime").Spec);
        Assert.Same(runtime.Dependencies!.Single().Spec, libdwarf.Dependencies!.Single(d => d.Name == "gcc").Spec);
        Assert.False(runtime.Dependencies!.Single().Spec.InBuildCache);
        Assert.DoesNotContain(warm.Catalog.PackageNames, n => n == "gcc");
    }

    /// <summary>
    /// A reader that locates each install from the file's start is quadratic on one-line files (a
    /// 60,000-install index took minutes). Ten times the installs must take at most 20 times as long;
    /// the best of three runs cuts the noise of a shared machine.
    /// </summary>
    [Fact]
    public void A_problem_near_the_end_of_a_long_one_line_index_names_its_line_and_column()
    {
        const int Installs = 50_000;
        var text = Index(Installs, install => install == Installs - 2 ? "\"name\":[]," : string.Empty, Dependencies);
        var problem = Index(Installs, _ => string.Empty, install => install == Installs - 3 ? [Edge("ghost", Hash(Installs + 1))] : Dependencies(install));

        var error = Assert.Throws<CatalogFormatException>(() => MirrorIndexReader.Read("index.json", Encoding.UTF8.GetBytes(text)));
        Read(problem, MirrorIndexReader.DefaultBufferSize, out var problems);

        Assert.Equal(string.Format(Messages.PageErrorFieldType, "name", Messages.FieldShapeString), error.Message);
        Assert.Equal((1, text.IndexOf("\"name\":[]", StringComparison.Ordinal) + "\"name\":".Length + 1), (error.Line, error.Column));
        var found = Assert.Single(problems);
        Assert.Equal((1, Column(problem, Installs - 3)), (found.Line, found.Column));
    }

    private static IReadOnlyList<CatalogSpec> Read(string text, int bufferSize, out List<CatalogProblem> problems)
    {
        problems = [];
        return MirrorIndexReader.Read("index.json", new MemoryStream(Encoding.UTF8.GetBytes(text)), new CatalogInterner(), problems, bufferSize);
    }

    // A few edges to earlier installs, as a real stack's dependencies are.
    internal static string[] Dependencies(int install) =>
        Enumerable.Range(1, Math.Min(install, 3)).Select(back => Edge("p" + (install - back), Hash(install - back))).ToArray();

    private static string Edge(string name, string hash) =>
        "{\"name\":\"" + name + "\",\"hash\":\"" + hash + "\",\"parameters\":{\"deptypes\":[\"build\",\"link\"],\"virtuals\":[]}}";

    /// <summary>A 32-character base32 hash for install <paramref name="n"/>.</summary>
    private static string Hash(int n)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var chars = new char[32];
        var value = (ulong)(n + 1) * 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < 32; i++)
        {
            chars[i] = Alphabet[(int)((value >> (i % 12 * 5)) & 31) ^ (i % 2)];
        }

        return new string(chars);
    }

    /// <summary>The column of install <paramref name="n"/>'s key in a one-line index.</summary>
    private static int Column(string text, int n) => text.IndexOf("\"" + Hash(n) + "\":{", StringComparison.Ordinal) + 1;

    /// <summary>A one-line db v8 index as Spack writes it (compact JSON); <paramref name="extra"/> goes first in a spec, so it can override a field.</summary>
    internal static string Index(int installs, Func<int, string> extra, Func<int, string[]>? dependencies = null)
    {
        var text = new StringBuilder("{\"database\":{\"version\":\"8\",\"installs\":{");
        for (var i = 0; i < installs; i++)
        {
            text.Append(i == 0 ? string.Empty : ",")
                .Append('"').Append(Hash(i)).Append("\":{\"spec\":{")
                .Append(extra(i))
                .Append("\"name\":\"p").Append(i).Append("\",\"version\":\"1.").Append(i).Append("\",")
                .Append("\"arch\":{\"platform\":\"linux\",\"platform_os\":\"ubuntu24.04\",\"target\":{\"name\":\"x86_64_v3\",\"vendor\":\"GenuineIntel\",\"features\":[\"avx\",\"avx2\"],\"generation\":0,\"parents\":[\"x86_64_v2\"],\"cpupart\":\"\"}},")
                .Append("\"parameters\":{\"build_system\":\"cmake\",\"shared\":true,\"cflags\":[\"-O2\"]},")
                .Append("\"dependencies\":[").Append(string.Join(",", dependencies?.Invoke(i) ?? [])).Append("],")
                .Append("\"hash\":\"").Append(Hash(i)).Append("\"},\"ref_count\":0,\"in_buildcache\":true}");
        }

        return text.Append("}}}").ToString();
    }
}
