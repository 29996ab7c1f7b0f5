using System.Text;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Sources;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Catalog;

/// <summary>
/// Issue 24, item 1: a load skims a mirror index (one pass that checks all of it and keeps where
/// each install is) and a check reads again, from the file, only the installs it reaches; the
/// parsed cache keeps the skim. What the user sees must not change: the same errors at the same
/// places for any install, the same specs with the same locations for those looked up.
/// </summary>
public sealed class IndexSkimTests
{
    private const int Installs = 50;

    private static string WriteIndex(TemporaryDirectory folder, string text)
    {
        var index = folder.Write("mirror/build_cache/index.json", text);
        File.SetLastWriteTimeUtc(index, DateTime.UtcNow.AddHours(-1));
        return index;
    }

    private static CatalogLoadResult Load(TemporaryDirectory folder, string index) =>
        SourceKinds.Load([index], new CatalogLoadOptions { CacheDirectory = folder.Combine("obj") });

    /// <summary>Every package a package's binaries reach through their edges, itself included.</summary>
    private static SortedSet<string> Closure(SpackCatalog catalog, string package)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<CatalogSpec>(catalog.SpecsFor(package));
        while (pending.Count > 0)
        {
            var spec = pending.Pop();
            if (names.Add(spec.Name))
            {
                foreach (var edge in spec.Dependencies ?? [])
                {
                    pending.Push(edge.Spec);
                }
            }
        }

        return names;
    }

    /// <summary>
    /// Damaged in place after the load (same size and time, so nothing can tell), p40's record is
    /// never read by a check of p10, whose closure (p0–p10) does not reach it: cold, and warm from
    /// the parsed cache. Looking p40 up reads it, finds it is not the install skimmed there, and
    /// says the index changed rather than answer from other bytes.
    /// </summary>
    [Fact]
    public void A_check_reads_again_only_the_installs_it_reaches_cold_and_warm()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var text = MirrorIndexGraphTests.Index(Installs, _ => string.Empty, MirrorIndexGraphTests.Dependencies);
        var index = WriteIndex(folder, text);
        var whole = new SpackCatalog([index], MirrorIndexReader.Read(index, File.ReadAllBytes(index)));
        var time = File.GetLastWriteTimeUtc(index);

        foreach (var pass in new[] { "cold", "warm" })
        {
            File.WriteAllText(index, text);
            File.SetLastWriteTimeUtc(index, time);
            var load = Load(folder, index);
            Assert.Empty(load.Diagnostics);
            Assert.True(File.Exists(folder.Combine("obj", CatalogCache.FileName)), pass);

            var damaged = text.Replace("\"name\":\"p40\",\"version\":\"1.40\"", "\"name\":\"p40\",\"version\":[1,40]", StringComparison.Ordinal);
            Assert.Equal(text.Length, damaged.Length);
            Assert.NotEqual(text, damaged);
            File.WriteAllText(index, damaged);
            File.SetLastWriteTimeUtc(index, time);

            Assert.Equal(Closure(whole, "p10"), Closure(load.Catalog, "p10"));
            Assert.Equal(Enumerable.Range(0, 11).Select(i => "p" + i).Order(StringComparer.Ordinal), Closure(load.Catalog, "p10"));
            var error = Assert.Throws<IndexChangedException>(() => load.Catalog.SpecsFor("p40"));
            Assert.Equal(string.Format(Messages.IndexChangedWhileRead, index), error.Message);
        }
    }

    /// <summary>
    /// Two projects of one build share a load; the index is rewritten between their checks. The
    /// second, which looks up a package the first did not, stops with CT2006 at the index instead
    /// of answering from the new bytes, and writes no report.
    /// </summary>
    [Fact]
    public void A_check_whose_index_was_rewritten_since_the_shared_load_is_CT2006_at_the_index()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var index = WriteIndex(folder, MirrorIndexGraphTests.Index(Installs, _ => string.Empty, MirrorIndexGraphTests.Dependencies));
        var kept = new CacheTasks.Core.Tests.Run.CatalogLoadSharingTests.RecordingLoadCache();
        CoverageRunOptions Options(string requirement) => new()
        {
            CatalogSources = [index],
            Arches = ["linux-ubuntu24.04-x86_64_v3"],
            Requirements = [new RequirementInput(requirement)],
            LoadedCatalogs = kept,
            ReportDirectory = folder.Combine("reports"),
            EnvironmentVariables = new Dictionary<string, string>(),
        };

        var first = CoverageRun.Execute(Options("p10"));
        File.WriteAllText(index, MirrorIndexGraphTests.Index(Installs, _ => "\"namespace\":\"x\",", MirrorIndexGraphTests.Dependencies));
        var second = CoverageRun.Execute(Options("p20"));

        Assert.Equal(CoverageStatus.Covered, Assert.Single(first.Result!.Rows).Status);
        Assert.Equal(1, kept.Found);
        Assert.Null(second.Result);
        var changed = Assert.Single(second.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal((DiagnosticCodes.CatalogChanged, string.Format(Messages.IndexChangedWhileRead, index), new SourceLocation(index)), (changed.Code, changed.Message, changed.Location));
    }

    /// <summary>
    /// An index whose size or time changed since the load is not read again at all: the first
    /// lookup says so. A mirror refresh that renames a new copy over the file after the load has
    /// started reading installs does not change what this load sees (its handle is on the old file).
    /// </summary>
    [Fact]
    public void An_index_changed_after_the_load_is_named_and_one_replaced_under_an_open_load_is_not_seen()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var text = MirrorIndexGraphTests.Index(Installs, _ => string.Empty, MirrorIndexGraphTests.Dependencies);
        var index = WriteIndex(folder, text);

        var changed = Load(folder, index);
        File.AppendAllText(index, " ");
        var error = Assert.Throws<IndexChangedException>(() => changed.Catalog.SpecsFor("p3"));
        Assert.Equal(string.Format(Messages.IndexChangedWhileRead, index), error.Message);

        WriteIndex(folder, text);
        var open = Load(folder, index);
        Assert.Equal("1.1", Assert.Single(open.Catalog.SpecsFor("p1")).VersionText);
        var replacement = folder.Write("mirror/build_cache/index.json.new", MirrorIndexGraphTests.Index(Installs + 5, _ => "\"namespace\":\"other\",", MirrorIndexGraphTests.Dependencies));
        File.Move(replacement, index, overwrite: true);
        Assert.Equal("1.30", Assert.Single(open.Catalog.SpecsFor("p30")).VersionText);
        Assert.Equal(Enumerable.Range(0, 31).Select(i => "p" + i).Order(StringComparer.Ordinal), Closure(open.Catalog, "p30"));
    }

    public static TheoryData<string> Samples() =>
    [
        "legacy_yaml-index.db-v6.json",
        "v2_layout-unsigned-index.db-v7.json",
        "v2_layout-unsigned-index.db-v8.json",
    ];

    /// <summary>A spec built from an install read again keeps the place the whole reader gives it (a one-line index: column = byte offset + 1).</summary>
    [Theory]
    [MemberData(nameof(Samples))]
    public void Each_spec_read_again_keeps_the_line_and_column_of_its_install(string sample)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var index = WriteIndex(folder, File.ReadAllText(TestEnvironment.Shared("catalog-index-samples", sample)));
        var whole = new SpackCatalog([index], MirrorIndexReader.Read(index, File.ReadAllBytes(index)));

        foreach (var pass in new[] { "cold", "warm" })
        {
            var lazy = Load(folder, index);
            Assert.Empty(lazy.Diagnostics);
            foreach (var package in whole.PackageNames)
            {
                Assert.Equal(
                    whole.SpecsFor(package).Select(s => (s.Hash, s.Source)),
                    lazy.Catalog.SpecsFor(package).Select(s => (s.Hash, s.Source)));
            }
        }
    }

    /// <summary>
    /// Item 4: a bad field of any install is still found by the load, with the whole reader's
    /// message, line and column, although no install is decoded; what the whole reader accepts (a
    /// compiler flag of any shape, a number as a name) the skim accepts too.
    /// </summary>
    [Theory]
    [InlineData("\"parameters\":{\"x\":null},")]
    [InlineData("\"parameters\":{\"x\":[\"a\",{}]},")]
    [InlineData("\"parameters\":{\"cflags\":null,\"ldlibs\":[{}]},")]
    [InlineData("\"parameters\":[],")]
    [InlineData("\"compiler\":{\"name\":[]},")]
    [InlineData("\"compiler\":{\"name\":\"gcc\",\"version\":12},")]
    [InlineData("\"annotations\":{\"compiler\":false},")]
    [InlineData("\"arch\":{\"platform\":{}},")]
    [InlineData("\"dependencies\":[{\"name\":[],\"hash\":\"x\"}],")]
    [InlineData("\"dependencies\":{\"p0\":{\"hash\":[]}},")]
    [InlineData("\"dependencies\":[{\"name\":\"p0\",\"parameters\":{\"virtuals\":[null]}}],")]
    [InlineData("\"version\":\"1..2\",")]
    [InlineData("\"external\":{\"path\":\"/usr\"},")]
    public void A_bad_field_in_an_install_no_check_asks_about_is_reported_as_the_whole_reader_reports_it(string extra)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var text = MirrorIndexGraphTests.Index(Installs, install => install == 37 ? extra : string.Empty, MirrorIndexGraphTests.Dependencies);
        var index = WriteIndex(folder, text);
        CatalogFormatException? expected = null;
        try
        {
            MirrorIndexReader.Read(index, Encoding.UTF8.GetBytes(text));
        }
        catch (CatalogFormatException e)
        {
            expected = e;
        }

        var load = Load(folder, index);

        if (expected is null)
        {
            Assert.Empty(load.Diagnostics);
            Assert.Equal(Installs, load.Catalog.SpecCount);
            return;
        }

        var diagnostic = Assert.Single(load.Diagnostics);
        Assert.Equal((DiagnosticCodes.UnreadableCatalogFile, string.Format(Messages.CatalogFileSkipped, expected.Message.TrimEnd('.'))), (diagnostic.Code, diagnostic.Message));
        Assert.Equal(new SourceLocation(index, expected.Line, expected.Column), diagnostic.Location);
        Assert.Equal(0, load.Catalog.SpecCount);
    }
}
