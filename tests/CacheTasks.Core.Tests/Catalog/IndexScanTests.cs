using System.Text;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.IO;
using CacheTasks.Testing;
using static CacheTasks.Core.Tests.Catalog.IndexSplitTests;

namespace CacheTasks.Core.Tests.Catalog;

/// <summary>
/// Issue 24: the skim scans installs as bytes where it can (MirrorIndexReader.Scan.cs) and leaves
/// the rest to the JSON reader. The answer may never depend on which did it: every array of the
/// table, the problems in order, and any error (message, line, column) are those of the JSON
/// reader's skim alone. Each test also counts the installs scanned, so an equality that held
/// because the scanner gave up on everything fails.
/// </summary>
public sealed class IndexScanTests
{
    private const int Installs = 40;

    private static (Skimmed Skimmed, int Scanned) Skim(string path, bool scan)
    {
        var problems = new List<CatalogProblem>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        try
        {
            var table = MirrorIndexReader.ReadTable(path, stream, FileStamp.Of(path), new CatalogInterner(), problems, null, scan, out var scanned);
            return (new Skimmed(table.Skim, problems.Select(p => (p.Message, p.Line, p.Column)).ToArray(), null), scanned);
        }
        catch (CatalogFormatException e)
        {
            return (new Skimmed(null, [], (e.Message, e.Line, e.Column)), 0);
        }
    }

    /// <summary>The JSON reader's skim and the scanning skim of one file: the same; returns the scanning skim and how many installs it scanned.</summary>
    private static (Skimmed Skimmed, int Scanned) AssertScanChangesNothing(string path, string because)
    {
        var (expected, none) = Skim(path, scan: false);
        Assert.Equal(0, none);
        var scanned = Skim(path, scan: true);
        AssertSame(expected, scanned.Skimmed, because);
        return scanned;
    }

    private static string Write(TemporaryDirectory folder, string text) =>
        folder.Write("mirror/build_cache/index.json", text);

    /// <summary>The real indexes of every database version; v6's dependency mappings are left to the JSON reader, v7's and v8's lists are scanned.</summary>
    [Theory]
    [MemberData(nameof(IndexSkimTests.Samples), MemberType = typeof(IndexSkimTests))]
    public void Real_indexes_scan_as_the_JSON_reader_skims(string sample)
    {
        var path = TestEnvironment.Shared("catalog-index-samples", sample);
        var (skimmed, scanned) = AssertScanChangesNothing(path, sample);
        Assert.Null(skimmed.Error);
        if (sample.Contains("v8", StringComparison.Ordinal) || sample.Contains("v7", StringComparison.Ordinal))
        {
            Assert.Equal(skimmed.Skim!.Count, scanned);
        }
    }

    /// <summary>
    /// The bench generator's indexes (layered and random DAGs), and one of 5,000 installs whose
    /// installs are cut by the end of the reader's 1 MiB buffer: every install is scanned.
    /// </summary>
    [Theory]
    [InlineData("layered")]
    [InlineData("random")]
    [InlineData("large")]
    public void Generated_indexes_are_scanned_whole_and_skim_as_the_JSON_reader_does(string dag)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        string path;
        if (dag == "large")
        {
            path = Write(folder, MirrorIndexGraphTests.Index(5_000, _ => string.Empty, MirrorIndexGraphTests.Dependencies));
            Assert.True(new FileInfo(path).Length > 3 << 20);
        }
        else
        {
            path = folder.Combine("index.json");
            using var python = IndexSplitTests.RunPython(TestEnvironment.Repository("bench", "generate_index.py"), "300", path, "--dag", dag, "--stats", "0");
            Assert.Equal(0, python.ExitCode);
        }

        var (skimmed, scanned) = AssertScanChangesNothing(path, dag);
        Assert.Null(skimmed.Error);
        Assert.Equal(skimmed.Skim!.Count, scanned);
    }

    /// <summary>Escapes, strings that look like structure, characters of 2 to 4 bytes; pretty-printed, nothing is scanned and nothing changes.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Escapes_and_multi_line_non_ASCII_text_change_nothing(bool pretty)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var text = MirrorIndexGraphTests.Index(6, i => i % 2 == 0
            ? "\"looks_like\":{\"cflags\":{},\"v\":\"},\",\":{\":\"},\\\"x\\\":{\"},\"namespace\":\"b\u00fc\u20ac\ud834\udd1e\","
            : "\"namespace\":\"\u00e9t\u00e9 \ud834\udd1e\",", MirrorIndexGraphTests.Dependencies);
        if (pretty)
        {
            text = System.Text.Json.Nodes.JsonNode.Parse(text)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }

        var (skimmed, scanned) = AssertScanChangesNothing(Write(folder, text), pretty ? "pretty" : "compact");
        Assert.Null(skimmed.Error);

        // Compact: the installs with an escaped quote go to the JSON reader, the others are scanned.
        Assert.Equal(pretty ? 0 : 3, scanned);
    }

    /// <summary>
    /// One install of a 40-install index changed in a way the scanner must either read exactly as
    /// the JSON reader's skim does or leave to it: each field the skim keeps in every shape JSON
    /// allows, the older layouts, escapes, whitespace, duplicates, and broken JSON. The change is
    /// made to the first install (read right after the installs' <c>{</c>), a middle one and the
    /// last (followed by the installs' <c>}</c>). Without an error, every other install is scanned.
    /// </summary>
    [Theory]
    [MemberData(nameof(Changes))]
    public void A_changed_install_skims_as_the_JSON_reader_does(string what, string find, string replace)
    {
        foreach (var install in new[] { 0, Installs / 2, Installs - 1 })
        {
            using var folder = TestEnvironment.CreateTemporaryDirectory();
            var text = Changed(MirrorIndexGraphTests.Index(Installs, _ => string.Empty, MirrorIndexGraphTests.Dependencies), install, find, replace);
            var (skimmed, scanned) = AssertScanChangesNothing(Write(folder, text), $"{what} in install {install}");
            if (skimmed.Error is null)
            {
                Assert.InRange(scanned, Installs - 1, Installs);
            }
        }
    }

    /// <summary>
    /// <c>in_buildcache</c> holding a mapping or a list (anything but false counts as true) is
    /// skipped whole: the installs after it were once read as its fields, and silently lost.
    /// </summary>
    [Theory]
    [InlineData("{\"x\":false}", true)]
    [InlineData("[false]", true)]
    [InlineData("false", false)]
    public void A_nested_in_buildcache_value_hides_no_install_after_it(string value, bool inBuildCache)
    {
        var text = MirrorIndexGraphTests.Index(Installs, _ => string.Empty, MirrorIndexGraphTests.Dependencies);
        text = Changed(text, 5, "\"in_buildcache\":true", "\"in_buildcache\":" + value);
        var problems = new List<CatalogProblem>();
        var specs = MirrorIndexReader.Read("index.json", Encoding.UTF8.GetBytes(text), problems);
        Assert.Empty(problems);
        Assert.Equal(inBuildCache ? Installs : Installs - 1, specs.Count);
        Assert.Equal(inBuildCache, specs.Any(s => s.Name == "p5"));
        Assert.Contains(specs, s => s.Name == "p" + (Installs - 1));
    }

    public static TheoryData<string, string, string> Changes()
    {
        const string Name = "\"name\":\"pN\"";
        const string Spec = "{\"spec\":{";
        const string Deps = "\"dependencies\":[";
        const string Target = "\"target\":{\"name\":\"x86_64_v3\"";
        const string Unknown = "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq";
        return new TheoryData<string, string, string>
        {
            { "a name that is a number", Name, "\"name\":20" },
            { "a name that is null", Name, "\"name\":null" },
            { "a name that is true", Name, "\"name\":true" },
            { "a name with an escape", Name, "\"name\":\"p\\u0041N\"" },
            { "a field name with an escape", Name, "\"n\\u0061me\":\"pN\"" },
            { "a name with characters of 2 to 4 bytes", Name, "\"name\":\"pN\u00e9\u20ac\ud834\udd1e\"" },
            { "a name with a raw tab", Name, "\"name\":\"p\tN\"" },
            { "a key with an escape", "KEY\":{\"spec\"", "KEY\\u0041\":{\"spec\"" },
            { "a short key", "KEY\":{\"spec\"", "abc\":{\"spec\"" },
            { "no hash", ",\"hash\":\"KEY\"", string.Empty },
            { "the hash as _hash", ",\"hash\":\"KEY\"", ",\"_hash\":\"KEY\"" },
            { "a hash that is a number", ",\"hash\":\"KEY\"", ",\"hash\":12345" },
            { "a hash that is null", ",\"hash\":\"KEY\"", ",\"hash\":null" },
            { "a version that is a number", "\"version\":\"1.N\"", "\"version\":1.5" },
            { "a version that is null", "\"version\":\"1.N\"", "\"version\":null" },
            { "a version that is not one", "\"version\":\"1.N\"", "\"version\":\"@@\"" },
            { "no version", "\"version\":\"1.N\",", string.Empty },
            { "an arch that is a string", "\"arch\":{", "\"arch\":\"linux\",\"a2\":{" },
            { "a target that is a string", Target, "\"target\":\"zen3\",\"t2\":{\"name\":\"x86_64_v3\"" },
            { "a target name that is a number", Target, "\"target\":{\"name\":3" },
            { "a target that is null", Target, "\"target\":null,\"t2\":{\"name\":\"x86_64_v3\"" },
            { "a target without a name", Target, "\"target\":{\"nome\":\"x86_64_v3\"" },
            { "no platform", "\"platform\":\"linux\",", string.Empty },
            { "a platform that is a number", "\"platform\":\"linux\"", "\"platform\":7" },
            { "an os that is a list", "\"platform_os\":\"ubuntu24.04\"", "\"platform_os\":[\"ubuntu24.04\"]" },
            { "a compiler as a string", Spec, Spec + "\"compiler\":\"gcc@10\"," },
            { "a compiler as a mapping", Spec, Spec + "\"compiler\":{\"name\":\"gcc\",\"version\":\"10.2.1\",\"flags\":{}}," },
            { "a compiler name that is null", Spec, Spec + "\"compiler\":{\"name\":null}," },
            { "a compiler version that is a list", Spec, Spec + "\"compiler\":{\"version\":[1]}," },
            { "a compiler as a list", Spec, Spec + "\"compiler\":[\"gcc\"]," },
            { "a variant that is null", "\"parameters\":{", "\"parameters\":{\"x\":null," },
            { "a variant that is a nested list", "\"parameters\":{", "\"parameters\":{\"x\":[[\"a\"]]," },
            { "a variant that is a mapping", "\"parameters\":{", "\"parameters\":{\"x\":{\"y\":[null]}," },
            { "variants of every scalar", "\"parameters\":{", "\"parameters\":{\"x\":-1.5e3,\"y\":false,\"z\":[1,\"a\",0.5],\"e\":[]," },
            { "a compiler flag that is null", "\"cflags\":[\"-O2\"]", "\"cflags\":null" },
            { "parameters that are a list", "\"parameters\":{", "\"parameters\":[],\"p2\":{" },
            { "dependencies as a mapping of hashes", Deps, "\"dependencies\":{\"p1\":\"H1\"},\"d2\":[" },
            { "dependencies as a mapping of mappings", Deps, "\"dependencies\":{\"p1\":{\"hash\":\"H1\",\"type\":[\"build\"]}},\"d2\":[" },
            { "dependencies that are a string", Deps, "\"dependencies\":\"p1\",\"d2\":[" },
            { "dependencies that are not mappings", Deps, Deps + "\"x\",1,null,[]," },
            { "an edge without a name", Deps, Deps + "{\"hash\":\"H1\"}," },
            { "an edge without a hash", Deps, Deps + "{\"name\":\"nohash\"}," },
            { "an empty edge", Deps, Deps + "{}," },
            { "an edge by dag_hash, then hash", Deps, Deps + "{\"name\":\"a\",\"dag_hash\":\"H2\",\"hash\":\"H1\"}," },
            { "an edge by hash, then full_hash", Deps, Deps + "{\"name\":\"a\",\"hash\":\"H1\",\"full_hash\":\"H2\"}," },
            { "an edge by build_hash with a type", Deps, Deps + "{\"name\":\"a\",\"build_hash\":\"H1\",\"type\":\"build\"}," },
            { "an edge with a name that is a number", Deps, Deps + "{\"name\":5,\"hash\":\"H1\"}," },
            { "an edge with a name that is null", Deps, Deps + "{\"name\":null,\"hash\":\"H1\"}," },
            { "an edge with a hash that is a number", Deps, Deps + "{\"name\":\"a\",\"hash\":5}," },
            { "an edge with a hash that is null", Deps, Deps + "{\"name\":\"a\",\"hash\":null}," },
            { "an edge whose parameters are a list", Deps, Deps + "{\"name\":\"a\",\"hash\":\"H1\",\"parameters\":[1]}," },
            { "virtuals that are not a list", Deps, Deps + "{\"name\":\"a\",\"hash\":\"H1\",\"parameters\":{\"virtuals\":\"mpi\"}}," },
            { "virtuals with null", Deps, Deps + "{\"name\":\"a\",\"hash\":\"H1\",\"parameters\":{\"virtuals\":[null]}}," },
            { "virtuals with a number", Deps, Deps + "{\"name\":\"a\",\"hash\":\"H1\",\"parameters\":{\"deptypes\":\"link\",\"virtuals\":[\"mpi\",3]}}," },
            { "an edge to a short hash", Deps, Deps + "{\"name\":\"a\",\"hash\":\"abc\"}," },
            { "an edge to a hash no install has", Deps, Deps + "{\"name\":\"a\",\"hash\":\"" + Unknown + "\"}," },
            { "an edge to itself", Deps, Deps + "{\"name\":\"a\",\"hash\":\"KEY\"}," },
            { "annotations with a compiler that is a number", Spec, Spec + "\"annotations\":{\"original_specfile_version\":5,\"compiler\":3}," },
            { "annotations with a compiler that is null", Spec, Spec + "\"annotations\":{\"compiler\":null}," },
            { "annotations that are a list", Spec, Spec + "\"annotations\":[]," },
            { "an external path", Spec, Spec + "\"external\":{\"path\":\"/usr\",\"module\":null}," },
            { "external true", Spec, Spec + "\"external\":true," },
            { "external null", Spec, Spec + "\"external\":null," },
            { "external false", Spec, Spec + "\"external\":false," },
            { "external \"false\"", Spec, Spec + "\"external\":\"false\"," },
            { "not in the build cache", "\"in_buildcache\":true", "\"in_buildcache\":false" },
            { "in_buildcache \"false\"", "\"in_buildcache\":true", "\"in_buildcache\":\"false\"" },
            { "in_buildcache 0", "\"in_buildcache\":true", "\"in_buildcache\":0" },
            { "in_buildcache null", "\"in_buildcache\":true", "\"in_buildcache\":null" },
            { "in_buildcache a mapping", "\"in_buildcache\":true", "\"in_buildcache\":{}" },
            { "in_buildcache a list", "\"in_buildcache\":true", "\"in_buildcache\":[false]" },
            { "no in_buildcache", ",\"in_buildcache\":true", string.Empty },
            { "a second spec", ",\"ref_count\":0", ",\"spec\":{\"name\":\"dup\",\"version\":\"2.0\",\"arch\":{\"platform\":\"linux\",\"platform_os\":\"x\",\"target\":\"y\"},\"dependencies\":[{\"name\":\"p1\",\"hash\":\"H1\"}]},\"ref_count\":0" },
            { "a spec that is a list", Spec, "{\"spec\":[],\"s2\":{" },
            { "an empty spec", Spec, "{\"spec\":{},\"s2\":{" },
            { "no spec", Spec, "{\"s2\":{" },
            { "a second name", Spec, Spec + "\"name\":\"first\"," },
            { "a second list of dependencies", Spec, Spec + "\"dependencies\":[{\"name\":\"x\",\"hash\":\"H1\"}]," },
            { "spaces between tokens", Name + ",\"version\"", "\"name\" :  \"pN\" , \"version\"" },
            { "a tab between tokens", Name, "\"name\":\t\"pN\"" },
            { "a line break between tokens", Name, "\"name\":\n\"pN\"" },
            { "a CRLF between tokens", Name, "\"name\":\r\n\"pN\"" },
            { "a line break before the key", "\"KEY\":{\"spec\"", "\n\"KEY\":{\"spec\"" },
            { "a trailing comma", "\"version\":\"1.N\",", "\"version\":\"1.N\",," },
            { "a misspelt literal", Spec, Spec + "\"x\":tru," },
            { "a number with a leading zero", Spec, Spec + "\"x\":01," },
            { "a number with an exponent", Spec, Spec + "\"x\":-0.5e-3," },
            { "a number without digits after the point", Spec, Spec + "\"x\":1.," },
            { "lists nested 40 deep", Spec, Spec + "\"x\":" + new string('[', 40) + new string(']', 40) + "," },
            { "lists nested 70 deep", Spec, Spec + "\"x\":" + new string('[', 70) + new string(']', 70) + "," },
            { "an escaped quote in a value", Spec, Spec + "\"x\":\"a\\\"b\"," },
            { "an empty field name", Spec, Spec + "\"\":1," },
            { "a mapping holding a spec", Spec, Spec + "\"x\":{\"spec\":{\"name\":\"no\"}}," },
            { "a field without a value", Spec, Spec + "\"x\":," },
            { "a missing colon", Spec, Spec + "\"x\" 1," },
            { "an unclosed spec", ",\"ref_count\":0", "},\"ref_count\":0" },
        };
    }

    /// <summary>
    /// <paramref name="text"/> with the first <paramref name="find"/> in install
    /// <paramref name="install"/> replaced; in both, <c>N</c> in a name or version stands for the
    /// install's number, <c>KEY</c> for its hash, <c>H1</c>/<c>H2</c> for two other installs' hashes.
    /// </summary>
    private static string Changed(string text, int install, string find, string replace)
    {
        var key = Key(text, install);
        string Expand(string s) => s.Replace("\"pN\"", "\"p" + install + "\"", StringComparison.Ordinal)
            .Replace("\"1.N\"", "\"1." + install + "\"", StringComparison.Ordinal)
            .Replace("pN", "p" + install, StringComparison.Ordinal)
            .Replace("KEY", key, StringComparison.Ordinal)
            .Replace("H1", Key(text, (install + 1) % Installs), StringComparison.Ordinal)
            .Replace("H2", Key(text, (install + 2) % Installs), StringComparison.Ordinal);
        find = Expand(find);
        replace = Expand(replace);
        var start = text.IndexOf("\"" + key + "\":{\"spec\"", StringComparison.Ordinal);
        var at = text.IndexOf(find, start, StringComparison.Ordinal);
        var next = install + 1 < Installs ? text.IndexOf("\"" + Key(text, install + 1) + "\":{\"spec\"", StringComparison.Ordinal) : text.Length;
        Assert.InRange(at, start, next - find.Length);
        var changed = new StringBuilder(text).Remove(at, find.Length).Insert(at, replace).ToString();
        Assert.NotEqual(text, changed);
        return changed;
    }

    /// <summary>The hash of install <paramref name="n"/> in a text of <see cref="MirrorIndexGraphTests.Index"/>.</summary>
    private static string Key(string text, int n)
    {
        var name = text.IndexOf("\"name\":\"p" + n + "\"", StringComparison.Ordinal);
        var key = text.LastIndexOf("\":{\"spec\":{", name, StringComparison.Ordinal);
        return text.Substring(key - 32, 32);
    }
}
