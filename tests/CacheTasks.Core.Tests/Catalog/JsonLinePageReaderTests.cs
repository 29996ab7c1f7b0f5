using System.Globalization;
using System.Text;
using System.Text.Json;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Catalog;

/// <summary>The JSON-line fast path must read every page exactly as the YAML reader does.</summary>
public sealed class JsonLinePageReaderTests
{
    private static readonly JsonSerializerOptions AsciiJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default };
    private static readonly JsonSerializerOptions Utf8Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void Every_shared_page_gives_the_same_specs_on_both_paths_and_only_the_legacy_page_needs_yaml()
    {
        var pages = Directory.GetFiles(TestEnvironment.SharedCatalog, "*.md", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(p) == "specs.md")
            .ToList();
        Assert.True(pages.Count >= 14, $"only {pages.Count} pages");

        var needYaml = new List<string>();
        foreach (var path in pages)
        {
            var bytes = File.ReadAllBytes(path);
            var yaml = CatalogPageReader.ReadYaml(path, Encoding.UTF8.GetString(bytes), folderTag: null);
            if (!JsonLinePageReader.TryRead(path, bytes, folderTag: null, out var fast))
            {
                needYaml.Add(Path.GetRelativePath(TestEnvironment.SharedCatalog, path).Replace('\\', '/'));
                continue;
            }

            Assert.NotNull(yaml);
            Assert.Equal(Describe(yaml), Describe(fast!));
        }

        Assert.Equal(["cinch/specs.md"], needYaml);
    }

    [Fact]
    public void Generated_pages_give_the_same_specs_on_both_paths()
    {
        var random = new Random(20250326);
        for (var i = 0; i < 300; i++)
        {
            var text = GeneratedPage(random, i);
            var bytes = Encoding.UTF8.GetBytes(text);
            var path = $"gen/p{i}/specs.md";

            Assert.True(JsonLinePageReader.TryRead(path, bytes, "fallback-tag", out var fast), text);
            var yaml = CatalogPageReader.ReadYaml(path, text, "fallback-tag");
            Assert.Equal(Describe(yaml!), Describe(fast!));
        }
    }

    [Theory]
    [InlineData("{\"versions\": [\"1\"], \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\"}", "hash")]
    [InlineData("{\"hash\": \"h\", \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\"}", "versions")]
    [InlineData("{\"hash\": \"h\", \"versions\": [\"1\"], \"platform\": \"linux\", \"target\": \"x86_64\"}", "os")]
    public void A_missing_field_is_the_same_error_at_the_same_place_on_both_paths(string badEntry, string field)
    {
        var text = "---\ntitle: \"zlib\"\nlayout: cache\ncategories: [package, develop]\nspec_details: [{\"hash\": \"a\", \"versions\": [\"1\"], \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\"}, " + badEntry + "]\n---";

        var fast = Assert.Throws<CatalogFormatException>(() => JsonLinePageReader.TryRead("p.md", Encoding.UTF8.GetBytes(text), null, out _));
        var yaml = Assert.Throws<CatalogFormatException>(() => CatalogPageReader.ReadYaml("p.md", text, null));

        Assert.Equal(string.Format(Messages.PageErrorMissingField, field), fast.Message);
        Assert.Equal((yaml.Message, yaml.Line, yaml.Column), (fast.Message, fast.Line, fast.Column));
        Assert.Equal(5, fast.Line);
        Assert.Equal(text.Split('\n')[4].IndexOf("}, {", StringComparison.Ordinal) + 4, fast.Column);
    }

    [Fact]
    public void A_bad_version_and_a_wrong_type_are_located_on_the_json_line()
    {
        var badVersion = "---\ntitle: \"zlib\"\nspec_details: [{\"hash\": \"a\", \"versions\": [\"1 2\"], \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\"}]\n---";
        var wrongType = "---\ntitle: \"zlib\"\nspec_details: [{\"hash\": \"a\", \"versions\": \"1.2\", \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\"}]\n---";

        var version = Assert.Throws<CatalogFormatException>(() => JsonLinePageReader.TryRead("p.md", Encoding.UTF8.GetBytes(badVersion), null, out _));
        var type = Assert.Throws<CatalogFormatException>(() => JsonLinePageReader.TryRead("p.md", Encoding.UTF8.GetBytes(wrongType), null, out _));

        Assert.Equal((string.Format(Messages.PageErrorVersion, "1 2"), 3, 16), (version.Message, version.Line, version.Column));
        Assert.Equal(string.Format(Messages.PageErrorFieldType, "versions", "a list"), type.Message);
        Assert.Equal((3, wrongType.Split('\n')[2].IndexOf("\"1.2\"", StringComparison.Ordinal) + 1), (type.Line, type.Column));
    }

    [Fact]
    public void Json_that_does_not_parse_is_left_to_the_yaml_reader_which_locates_the_error()
    {
        var text = "---\ntitle: \"zlib\"\nspec_details: [{\"hash\": \"a\", \"versions\": [\"1\"}]\n---";

        Assert.False(JsonLinePageReader.TryRead("p.md", Encoding.UTF8.GetBytes(text), null, out _));
        var error = Assert.Throws<CatalogFormatException>(() => CatalogPageReader.Read("p.md", text));
        Assert.Equal(3, error.Line);
    }

    [Theory]
    [InlineData("spec_details:\n  - {\"hash\": \"a\", \"versions\": [\"1\"], \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\"}")]
    [InlineData("title: 'zlib'\nspec_details: [{\"hash\": \"a\", \"versions\": [\"1\"], \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\"}]")]
    [InlineData("categories: [package, \"develop\"]\nspec_details: [{\"hash\": \"a\", \"versions\": [\"1\"], \"os\": \"o\", \"platform\": \"linux\", \"target\": \"x86_64\"}]")]
    [InlineData("spec_details: [{hash: a, versions: [\"1\"], os: o, platform: linux, target: x86_64}]")]
    public void Pages_in_other_yaml_shapes_are_read_by_the_yaml_reader(string frontMatter)
    {
        var text = "---\n" + frontMatter + "\n---";

        Assert.False(JsonLinePageReader.TryRead("zlib/specs.md", Encoding.UTF8.GetBytes(text), null, out _));
        var spec = Assert.Single(CatalogPageReader.Read("zlib/specs.md", text)!);
        Assert.Equal(("zlib", "a"), (spec.Name, spec.Hash));
    }

    /// <summary>Everything a spec carries, as text, so two readers' results can be compared whole.</summary>
    internal static List<string> Describe(IReadOnlyList<CatalogSpec> specs) =>
        specs.Select(s => string.Join(
            " | ",
            s.Name,
            string.Join(",", s.Versions.Select(v => v.Text)),
            s.Hash ?? "<null>",
            s.Arch.ToString(),
            s.Compiler is null ? "<none>" : s.Compiler.Name + "@" + (s.Compiler.Version?.Text ?? "<null>"),
            string.Join(" ", s.Variants.Written),
            string.Join(",", s.Stacks),
            s.Tag ?? "<null>",
            s.Source.ToString())).ToList();

    // Pages in the generator's shapes (G1–G4), with the awkward values real data can hold.
    internal static string GeneratedPage(Random random, int index)
    {
        string Pick(params string[] values) => values[random.Next(values.Length)];
        var name = Pick("zlib", "py-torch", "boost", "hdf5", "rocblas");
        var generation = random.Next(1, 5);
        var specs = new List<Dictionary<string, object?>>();
        var count = random.Next(0, 12);
        for (var i = 0; i < count; i++)
        {
            var spec = new Dictionary<string, object?>
            {
                ["hash"] = $"h{index}x{i}",
                ["versions"] = random.Next(10) == 0 ? new object[] { "1.2", "1.3" } : new object[] { Pick("1.2.3", "2025.08.20", "develop", "2.26-t9b_atlas", "git.abc=1.0") },
                ["compiler"] = Pick("gcc@11.4.0", "gcc@=11.4.0", "none", "apple-clang@=15.0.0", "msvc@19.39.33523"),
                ["variants"] = Enumerable.Range(0, random.Next(0, 5)).Select(_ => Pick("+shared", "~cuda", "build_system=cmake", "patches:=03c5221,62738ab", "amdgpu_target=gfx90a", "cxxstd=17", "fé=ü")).Distinct().ToArray(),
                ["stacks"] = Enumerable.Range(0, random.Next(0, 3)).Select(_ => Pick("root", "e4s", "ml-linux-x86_64-rocm")).Distinct().ToArray(),
                ["size"] = generation == 1 ? 1048576 : "-",
            };
            if (generation == 1)
            {
                spec["arches"] = Pick("linux-ubuntu18.04-x86_64", "linux-centos7-ppc64le", "darwin-ventura-m1");
            }
            else
            {
                spec["os"] = Pick("ubuntu22.04", "rhel8", "ventura", "windows10.0.20348");
                spec["platform"] = Pick("linux", "darwin", "windows");
                spec["target"] = Pick("x86_64_v3", "aarch64", "neoverse_v2", "m1");
            }

            if (random.Next(4) == 0)
            {
                spec.Remove("compiler");
            }

            specs.Add(generation >= 3 ? new SortedDictionary<string, object?>(spec, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value) : spec);
        }

        // Half the pages escape non-ASCII as json.dumps does by default, half write it as UTF-8.
        var options = random.Next(2) == 0 ? AsciiJson : Utf8Json;
        var details = JsonSerializer.Serialize(specs, options).Replace("\",\"", "\", \"").Replace("\":", "\": ");
        var meta = JsonSerializer.Serialize(new Dictionary<string, object> { ["num_specs"] = count, ["versions"] = new[] { "1.2.3" } });
        var newline = random.Next(5) == 0 ? "\r\n" : "\n";
        var lines = new List<string> { "---" };
        if (random.Next(8) != 0)
        {
            lines.Add($"title: \"{name}\"");
        }

        lines.Add("layout: cache");
        lines.Add(random.Next(6) == 0 ? "categories: [package]" : $"categories: [package, {Pick("develop", "v0.22.0", "develop-2025-03-30")}]");
        lines.Add("meta: " + meta);
        lines.Add("spec_details: " + details);
        lines.Add("---");
        var text = string.Join(newline, lines) + (random.Next(2) == 0 ? newline + "body text" : string.Empty);
        return (random.Next(10) == 0 ? "\uFEFF" : string.Empty) + text.ToString(CultureInfo.InvariantCulture);
    }
}
