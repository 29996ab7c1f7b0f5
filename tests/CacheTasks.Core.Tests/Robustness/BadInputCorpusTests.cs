using System.Text;
using System.Text.Json;
using CacheTasks.Catalog;
using CacheTasks.Sources;
using CacheTasks.Diagnostics;
using CacheTasks.Environments;
using CacheTasks.Platform;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Robustness;

/// <summary>
/// The bad-input corpus (tests/data/bad, listed in cases.json) and the cases too big or too
/// system-specific to commit, made here at run time. Every bad file must become one coded
/// diagnostic pointing into it, and the good page beside it must still be used.
/// </summary>
public sealed class BadInputCorpusTests
{
    // Bombs that are expanded instead of refused take minutes or forever; this only stops a hung
    // test from hanging the whole run, it does not measure speed.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    private const string GoodPage = "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"good1\", \"versions\": [\"1.3\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64\", \"compiler\": \"gcc@13.3.0\"}]\n---\n";

    private static string Corpus => TestEnvironment.Repository("tests", "data", "bad");

    public static TheoryData<string> CatalogCases => new(Cases().Where(c => !c.File.StartsWith("env-", StringComparison.Ordinal)).Select(c => c.File));

    public static TheoryData<string> EnvironmentCases => new(Cases().Where(c => c.File.StartsWith("env-", StringComparison.Ordinal)).Select(c => c.File));

    [Fact]
    public void Every_corpus_file_is_listed_in_the_manifest_and_every_listed_file_exists()
    {
        var onDisk = Directory.GetFiles(Corpus).Select(Path.GetFileName).Where(n => n != "cases.json" && !n!.StartsWith('.')).Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, Cases().Select(c => c.File).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CatalogCases))]
    public async Task A_bad_catalog_file_is_one_located_diagnostic_and_the_good_page_is_still_used(string name)
    {
        var expected = Cases().Single(c => c.File == name);
        using var good = TestEnvironment.CreateTemporaryDirectory();
        good.Write("develop/zlib/specs.md", GoodPage);
        var file = Path.Combine(Corpus, name);

        var result = await Bounded(() => SourceKinds.Load([good.Path, file]));

        Assert.Equal("good1", Assert.Single(result.Catalog.SpecsFor("zlib")).Hash);
        Assert.Equal(1 + expected.Specs, result.Catalog.SpecCount);
        AssertDiagnostic(expected, file, result.Diagnostics);
    }

    [Theory]
    [MemberData(nameof(EnvironmentCases))]
    public async Task A_bad_environment_is_CT3003_at_the_bad_node_and_never_expanded_without_bound(string name)
    {
        var expected = Cases().Single(c => c.File == name);
        var file = Path.Combine(Corpus, name);
        var diagnostics = new List<Diagnostic>();

        var inputs = await Bounded(() => EnvironmentReader.Read(new EnvironmentInput(file), Context(), diagnostics));

        Assert.Equal(expected.Specs, inputs.Count);
        AssertDiagnostic(expected, file, diagnostics);
    }

    [Fact]
    public async Task A_50_MB_single_line_page_is_CT2001_and_the_rest_is_used()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("develop/zlib/specs.md", GoodPage);
        var big = folder.Combine("develop", "big", "specs.md");
        Directory.CreateDirectory(Path.GetDirectoryName(big)!);
        using (var writer = new StreamWriter(big, append: false, new UTF8Encoding(false)))
        {
            await writer.WriteAsync("---\ntitle: \"big\"\nspec_details: [{\"hash\": \"");
            await writer.WriteAsync(new string('a', 50 * 1024 * 1024));
            await writer.WriteAsync("\n---\n");
        }

        var result = await Bounded(() => SourceKinds.Load([folder.Path]));

        Assert.Equal(1, result.Catalog.SpecCount);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.UnreadableCatalogFile, diagnostic.Code);
        Assert.Equal(big, diagnostic.Location!.File);
        Assert.True(diagnostic.Location.Line >= 3, diagnostic.Location.ToString());
    }

    [Fact]
    public void A_page_over_1_GiB_is_CT2001_without_being_read()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("develop/zlib/specs.md", GoodPage);
        var huge = folder.Write("develop/huge/specs.md", GoodPage);

        // Sparse where the file system allows: no 3 GB are written.
        using (var stream = new FileStream(huge, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(3L << 30);
        }

        var result = SourceKinds.Load([folder.Path]);

        Assert.Equal(1, result.Catalog.SpecCount);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.UnreadableCatalogFile, diagnostic.Code);
        Assert.Equal(new SourceLocation(huge), diagnostic.Location);
        Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, Messages.PageErrorTooLarge, 3L << 30, 1L << 30), diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{\"a\": ", "}")]
    public async Task A_page_nested_10000_deep_is_CT2001_not_a_stack_overflow(string open, string close)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("develop/zlib/specs.md", GoodPage);
        var deep = folder.Write("develop/deep/specs.md", "---\ntitle: \"deep\"\nspec_details: " + Repeat(open, 10_000) + Repeat(close, 10_000) + "\n---\n");

        var result = await Bounded(() => SourceKinds.Load([folder.Path]));

        Assert.Equal(1, result.Catalog.SpecCount);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.UnreadableCatalogFile, diagnostic.Code);
        Assert.Equal(new SourceLocation(deep, 3, 15 + (open.Length * (BoundedDepth() - 1))), diagnostic.Location);
        Assert.Contains(string.Format(Messages.YamlTooDeep, BoundedDepth()), diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_block_YAML_page_nested_10000_deep_is_CT2001()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var text = new StringBuilder("---\ntitle: deep\nspec_details:\n");
        for (var i = 0; i < 10_000; i++)
        {
            text.Append('-', 1).Append(' ');
        }

        var deep = folder.Write("develop/deep/specs.md", text.Append("x\n---\n").ToString());

        var result = await Bounded(() => SourceKinds.Load([deep]));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.UnreadableCatalogFile, diagnostic.Code);
        Assert.Equal(4, diagnostic.Location!.Line);
    }

    [Fact]
    public async Task An_index_nested_10000_deep_is_CT2001()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var index = folder.Write("mirror/build_cache/index.json", "{\"database\": {\"version\": \"8\", \"installs\": {\"x\": " + Repeat("[", 10_000) + Repeat("]", 10_000) + "}}}");

        var result = await Bounded(() => SourceKinds.Load([folder.Path]));

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.UnreadableCatalogFile);
        Assert.Equal(index, diagnostic.Location!.File);
        Assert.Equal(1, diagnostic.Location.Line);
        Assert.True(diagnostic.Location.Column > 1);
    }

    [Fact]
    public async Task An_environment_nested_10000_deep_is_CT3003()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var file = folder.Write("spack.yaml", "spack:\n  specs: " + Repeat("[", 10_000) + Repeat("]", 10_000) + "\n");
        var diagnostics = new List<Diagnostic>();

        var inputs = await Bounded(() => EnvironmentReader.Read(new EnvironmentInput(file), Context(), diagnostics));

        Assert.Empty(inputs);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidEnvironment, diagnostic.Code);
        Assert.Equal(2, diagnostic.Location!.Line);
        Assert.Contains(string.Format(Messages.YamlTooDeep, BoundedDepth()), diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_named_specs_md_is_a_folder_and_is_searched()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("develop/zlib/specs.md/nested/specs.md", GoodPage);

        var result = SourceKinds.Load([folder.Path]);

        Assert.Empty(result.Diagnostics);
        Assert.Equal("good1", Assert.Single(result.Catalog.SpecsFor("zlib")).Hash);
    }

    [Fact]
    public async Task A_symbolic_link_loop_in_the_catalog_is_CT2001_and_pages_are_read_once()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("develop/zlib/specs.md", GoodPage);
        var loop = folder.Combine("develop", "zlib", "loop");
        Directory.CreateSymbolicLink(loop, folder.Combine("develop"));
        var self = folder.Combine("develop", "self");
        File.CreateSymbolicLink(self, self);

        var result = await Bounded(() => SourceKinds.Load([folder.Path]));

        Assert.Equal("good1", Assert.Single(result.Catalog.SpecsFor("zlib")).Hash);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.UnreadableCatalogFile, diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(new SourceLocation(loop), diagnostic.Location);
        Assert.Contains(string.Format(Messages.SymbolicLinkLoop, loop), diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Folders_nested_more_than_64_deep_are_CT2001_below_that_depth()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("develop/zlib/specs.md", GoodPage);
        var deep = folder.Combine([.. Enumerable.Repeat("d", 70)]);
        Directory.CreateDirectory(deep);
        File.WriteAllText(Path.Combine(deep, "specs.md"), GoodPage.Replace("zlib", "deep", StringComparison.Ordinal));

        var result = SourceKinds.Load([folder.Path]);

        Assert.Equal(["zlib"], result.Catalog.PackageNames);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.UnreadableCatalogFile, diagnostic.Code);
        Assert.Equal(new SourceLocation(folder.Combine([.. Enumerable.Repeat("d", 65)])), diagnostic.Location);
        Assert.Contains(string.Format(Messages.CatalogFolderTooDeep, 64), diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_that_is_a_link_to_itself_is_CT2001()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("develop/zlib/specs.md", GoodPage);
        var page = folder.Combine("develop", "cmake", "specs.md");
        Directory.CreateDirectory(Path.GetDirectoryName(page)!);
        File.CreateSymbolicLink(page, page);

        var result = SourceKinds.Load([folder.Path]);

        Assert.Equal(1, result.Catalog.SpecCount);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.UnreadableCatalogFile, diagnostic.Code);
        Assert.Equal(new SourceLocation(page), diagnostic.Location);
    }

    [Fact]
    public void An_unreadable_page_is_CT2001_and_the_rest_is_used()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("develop/zlib/specs.md", GoodPage);
        var page = folder.Write("develop/cmake/specs.md", GoodPage.Replace("zlib", "cmake", StringComparison.Ordinal));
        SetMode(page, UnixFileMode.None);

        // Root reads a file whatever its mode (CI runs as root): another writer's exclusive lock
        // makes the page just as unreadable there.
        using var lockedByAnotherWriter = CanRead(page) ? new FileStream(page, FileMode.Open, FileAccess.Read, FileShare.None) : null;
        var result = SourceKinds.Load([folder.Path]);

        Assert.Equal(["zlib"], result.Catalog.PackageNames);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.UnreadableCatalogFile, diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(new SourceLocation(page), diagnostic.Location);
    }

    [Fact]
    public void An_unreadable_folder_is_CT2001_and_an_unreadable_source_is_CT2002()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("develop/zlib/specs.md", GoodPage);
        var hidden = folder.Combine("hidden");
        folder.Write("hidden/cmake/specs.md", GoodPage.Replace("zlib", "cmake", StringComparison.Ordinal));
        SetMode(hidden, UnixFileMode.None);
        if (CanList(hidden))
        {
            // Root lists a folder whatever its mode. A container's root usually still cannot list
            // another process's /proc/<pid>/map_files (it needs CAP_SYS_ADMIN): link to that instead.
            SetMode(hidden, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.Delete(hidden, recursive: true);
            const string Unlistable = "/proc/1/map_files";
            if (!Directory.Exists(Unlistable) || CanList(Unlistable))
            {
                Assert.Skip("running as root with every capability: no folder here is unlistable");
                return;
            }

            Directory.CreateSymbolicLink(hidden, Unlistable);
        }

        try
        {
            var result = SourceKinds.Load([folder.Path]);
            var direct = SourceKinds.Load([hidden]);

            Assert.Equal(["zlib"], result.Catalog.PackageNames);
            var skipped = Assert.Single(result.Diagnostics);
            Assert.Equal((DiagnosticCodes.UnreadableCatalogFile, DiagnosticSeverity.Warning, new SourceLocation(hidden)), (skipped.Code, skipped.Severity, skipped.Location));
            var source = Assert.Single(direct.Diagnostics);
            Assert.Equal((DiagnosticCodes.EmptyCatalogSource, DiagnosticSeverity.Error), (source.Code, source.Severity));
            Assert.StartsWith(string.Format(Messages.CatalogSourceUnreadable, hidden, string.Empty).Split(':')[0], source.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(hidden) && new DirectoryInfo(hidden).LinkTarget is null)
            {
                SetMode(hidden, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }

    // Windows has no Unix modes; there the lock (page) and the skip (folder) stand in for them.
    private static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    [Fact]
    public async Task A_folder_too_deep_to_open_is_CT2001_and_the_rest_is_used()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("builds a path longer than Linux's PATH_MAX with relative mkdir/cd");
            return;
        }

        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("develop/zlib/specs.md", GoodPage);

        // Even root cannot open a path over PATH_MAX (4096 bytes); the shell gets there one relative step at a time.
        var name = new string('d', 250);
        using var source = TestEnvironment.CreateTemporaryDirectory();
        var deepPage = source.Write("specs.md", GoodPage.Replace("zlib", "deep", StringComparison.Ordinal));
        var script = $"cd '{folder.Path}' && for i in $(seq 20); do mkdir {name} && cd {name} || exit 1; done && cp '{deepPage}' specs.md";
        using (var shell = System.Diagnostics.Process.Start("bash", ["-c", script]))
        {
            await shell.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, shell.ExitCode);
        }

        try
        {
            var result = await Bounded(() => SourceKinds.Load([folder.Path]));

            Assert.Equal(["zlib"], result.Catalog.PackageNames);
            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.Equal((DiagnosticCodes.UnreadableCatalogFile, DiagnosticSeverity.Warning), (diagnostic.Code, diagnostic.Severity));
            Assert.StartsWith(folder.Combine(name, name), diagnostic.Location!.File, StringComparison.Ordinal);
            Assert.DoesNotContain("..", diagnostic.Message, StringComparison.Ordinal);
        }
        finally
        {
            // Directory.Delete cannot reach the bottom either.
            using var cleanup = System.Diagnostics.Process.Start("bash", ["-c", $"cd '{folder.Path}' && for i in $(seq 20); do cd {name} 2>/dev/null || break; done; cd '{folder.Path}' && rm -rf {name} 2>/dev/null; true"]);
            await cleanup.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    private static bool CanList(string folder)
    {
        try
        {
            _ = Directory.GetFileSystemEntries(folder);
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    private static bool CanRead(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void AssertDiagnostic(Case expected, string file, IEnumerable<Diagnostic> diagnostics)
    {
        var all = diagnostics.ToList();
        if (expected.Code is null)
        {
            Assert.Empty(all);
            return;
        }

        Assert.Equal(expected.Diagnostics, all.Count);
        Assert.All(all, d => Assert.Equal(expected.Code, d.Code));
        var diagnostic = all[0];
        if (expected.Line == 0)
        {
            // A whole source: the message names it.
            Assert.Null(diagnostic.Location);
            Assert.Contains(file, diagnostic.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(new SourceLocation(file, expected.Line, expected.Column), diagnostic.Location);
        }
    }

    private static EnvironmentContext Context() => new(new SpackArch("linux", "ubuntu24.04", "zen3"), new Dictionary<string, string>());

    private static int BoundedDepth() => Yaml.BoundedYaml.MaxDepth;

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    private static async Task<T> Bounded<T>(Func<T> work) =>
        await Task.Run(work, TestContext.Current.CancellationToken).WaitAsync(HangGuard, TestContext.Current.CancellationToken);

    private static List<Case> Cases()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Corpus, "cases.json")));
        return document.RootElement.GetProperty("cases").EnumerateArray().Select(c => new Case(
            c.GetProperty("file").GetString()!,
            c.GetProperty("code").GetString(),
            c.TryGetProperty("line", out var line) ? line.GetInt32() : 0,
            c.TryGetProperty("column", out var column) ? column.GetInt32() : 0,
            c.GetProperty("specs").GetInt32(),
            c.TryGetProperty("diagnostics", out var count) ? count.GetInt32() : 1)).ToList();
    }

    private sealed record Case(string File, string? Code, int Line, int Column, int Specs, int Diagnostics);
}
