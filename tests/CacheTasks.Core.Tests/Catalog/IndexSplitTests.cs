using System.Text;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.IO;
using CacheTasks.Sources;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Catalog;

/// <summary>
/// Issue 24: a large index is skimmed on several cores, cut at install boundaries found by a byte
/// search (<see cref="IndexSplit"/>). A cut point is only a guess; the answer may never depend on
/// it: every array of the skim, its problems in order, and any error (message, line, column) are
/// the one-thread skim's, wherever the points fall. Each test also states whether later parts
/// were taken (<see cref="IndexSplit.Merged"/>), so an equality that held because the split was
/// never used fails.
/// </summary>
public sealed class IndexSplitTests
{
    private const string Key = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>What a skim gives: its table and problems, or its error.</summary>
    internal sealed record Skimmed(IndexSkim? Skim, (string, int, int)[] Problems, (string, int, int)? Error);

    private static Skimmed Skim(string path, IndexSplit? split)
    {
        var problems = new List<CatalogProblem>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        try
        {
            var table = MirrorIndexReader.ReadTable(path, stream, FileStamp.Of(path), new CatalogInterner(), problems, split);
            return new Skimmed(table.Skim, problems.Select(p => (p.Message, p.Line, p.Column)).ToArray(), null);
        }
        catch (CatalogFormatException e)
        {
            return new Skimmed(null, [], (e.Message, e.Line, e.Column));
        }
    }

    private static IndexSplit Forced(string path, params long[] points) =>
        new(points, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1));

    internal static void AssertSame(Skimmed expected, Skimmed actual, string because)
    {
        Assert.True(expected.Error == actual.Error, $"{because}: error {expected.Error} expected, {actual.Error} given");
        Assert.Equal(expected.Problems, actual.Problems);
        if (expected.Skim is not { } e)
        {
            return;
        }

        var a = actual.Skim!;
        Assert.Equal(e.Names, a.Names);
        Assert.Equal(e.Platforms, a.Platforms);
        Assert.Equal(e.Oses, a.Oses);
        Assert.Equal(e.ArchTargets, a.ArchTargets);
        Assert.Equal(e.InBuildCache, a.InBuildCache);
        Assert.Equal(e.Offsets, a.Offsets);
        Assert.Equal(e.Lengths, a.Lengths);
        Assert.True(e.Lines.SequenceEqual(a.Lines), because + ": lines");
        Assert.True(e.Columns.SequenceEqual(a.Columns), because + ": columns");
        Assert.Equal(e.EdgeStarts, a.EdgeStarts);
        Assert.Equal(e.Targets, a.Targets);
    }

    /// <summary>Where each install ends: every place a later part may start (after the last, the part only closes the installs).</summary>
    private static long[] Boundaries(IndexSkim skim) =>
        Enumerable.Range(0, skim.Count).Select(i => skim.Offsets[i] + skim.Lengths[i]).ToArray();

    /// <summary>A 2-part split at every boundary, then one part per install at once: each part is taken, and nothing changes.</summary>
    private static void AssertEveryBoundary(string path)
    {
        var one = Skim(path, null);
        Assert.Null(one.Error);
        var boundaries = Boundaries(one.Skim!);
        Assert.NotEmpty(boundaries);
        foreach (var at in boundaries)
        {
            var split = Forced(path, at);
            AssertSame(one, Skim(path, split), $"{Path.GetFileName(path)} split at {at}");
            Assert.Equal(1, split.Merged);
        }

        var all = Forced(path, boundaries);
        AssertSame(one, Skim(path, all), "a part per install");
        Assert.Equal(boundaries.Length, all.Merged);
    }

    /// <summary>A split at every byte of the file: a part is taken exactly where its start is between two installs.</summary>
    private static void AssertEveryByte(string path)
    {
        var one = Skim(path, null);
        var boundaries = one.Skim is null ? [] : new HashSet<long>(Boundaries(one.Skim));
        var length = new FileInfo(path).Length;
        for (var at = 1L; at < length; at++)
        {
            var split = Forced(path, at);
            AssertSame(one, Skim(path, split), $"split at byte {at}");
            Assert.Equal(boundaries.Contains(at) ? 1 : 0, split.Merged);
        }
    }

    private static string Write(TemporaryDirectory folder, string text) =>
        folder.Write("mirror/build_cache/index.json", text);

    /// <summary>The real indexes of every database version (v6's dependencies are a mapping: <c>},"name":{</c> inside an install), split at every boundary and every byte.</summary>
    [Theory]
    [MemberData(nameof(IndexSkimTests.Samples), MemberType = typeof(IndexSkimTests))]
    public void Real_indexes_split_anywhere_skim_as_one_thread_does(string sample)
    {
        var path = TestEnvironment.Shared("catalog-index-samples", sample);
        AssertEveryBoundary(path);
        AssertEveryByte(path);
    }

    /// <summary>The bench generator's indexes (layered and random DAGs; edges to installs later in the file), split at every boundary.</summary>
    [Theory]
    [InlineData("layered")]
    [InlineData("random")]
    public void Generated_indexes_split_at_every_boundary_skim_as_one_thread_does(string dag)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Combine("index.json");
        using (var python = RunPython(TestEnvironment.Repository("bench", "generate_index.py"), "120", path, "--dag", dag, "--stats", "0"))
        {
            Assert.Equal(0, python.ExitCode);
        }

        AssertEveryBoundary(path);
        IndexSplit planned;
        using (var stream = File.OpenRead(path))
        {
            planned = IndexSplit.Plan(stream, 4, () => File.OpenRead(path))!;
        }

        Assert.Equal(3, planned.Points.Length);
        Assert.Subset(Boundaries(Skim(path, null).Skim!).ToHashSet(), planned.Points.ToHashSet());
        AssertSame(Skim(path, null), Skim(path, planned), "planned split");
        Assert.Equal(3, planned.Merged);
    }

    internal static System.Diagnostics.Process RunPython(params string[] arguments)
    {
        System.Diagnostics.Process? process = null;
        try
        {
            process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("python3", arguments) { UseShellExecute = false });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            TestEnvironment.SkipOrFail("python3 (which runs bench/generate_index.py) is not installed");
        }

        process!.WaitForExit();
        return process;
    }

    /// <summary>
    /// Bytes that look like a boundary where none is: <c>},"key":{</c> closing a parameter that is
    /// a mapping, a key and value that are strings holding <c>},</c> and <c>:{</c>, and the same
    /// text escaped inside a variant value; a pretty-printed index with characters of 2, 3 and 4
    /// bytes before and after each split, whose columns count characters.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Boundary_looking_bytes_and_multi_line_non_ASCII_text_change_nothing(bool pretty)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var text = MirrorIndexGraphTests.Index(6, i => i % 2 == 0
            ? "\"looks_like\":{\"cflags\":{},\"" + Key + "\":{\"x\":1},\"v\":\"},\",\":{\":\"},\\\"" + Key + "\\\":{\"},\"namespace\":\"b\u00fc\u20ac\ud834\udd1e\","
            : "\"namespace\":\"\u00e9t\u00e9 \ud834\udd1e\",", MirrorIndexGraphTests.Dependencies);
        if (pretty)
        {
            text = System.Text.Json.Nodes.JsonNode.Parse(text)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            text = text.Replace("\\uD834\\uDD1E", "\ud834\udd1e", StringComparison.Ordinal);
            Assert.Contains("\n      \"", text, StringComparison.Ordinal);
            Assert.Contains("b\u00fc\u20ac\ud834\udd1e", text, StringComparison.Ordinal);
        }

        var path = Write(folder, text);

        // The byte search's first point is inside the first install: a guess the reader must refuse.
        var first = IndexSplit.Find(File.ReadAllBytes(path));
        var skim = Skim(path, null).Skim!;
        Assert.InRange(first, skim.Offsets[0] + 1, skim.Offsets[0] + skim.Lengths[0] - 1);
        AssertEveryBoundary(path);
        AssertEveryByte(path);
    }

    /// <summary>
    /// Something wrong in a later part (or after the installs, which the first part reads after
    /// jumping over them): the same error at the same line and column, or the same problems, as
    /// one thread gives, with a part per boundary and a 2-part split at every boundary.
    /// </summary>
    [Theory]
    [InlineData("broken JSON", "\"name\":\"p30\",\"version\":\"1.30\",", "\"name\":\"p30\",\"version\":,")]
    [InlineData("invalid UTF-8", "\"name\":\"p30\"", "\"name\":\"p3\u00ff\"")]
    [InlineData("a missing field", "\"name\":\"p30\"", "\"nome\":\"p30\"")]
    [InlineData("a field of the wrong shape", "\"version\":\"1.30\"", "\"version\":[1]")]
    [InlineData("a missing dependency", "\"name\":\"p30\"", "\"dependencies\":[{\"name\":\"gone\",\"hash\":\"" + Key + "\"}],\"name\":\"p30\"")]
    [InlineData("a missing dependency of a short hash", "\"name\":\"p30\"", "\"dependencies\":[{\"name\":\"gone\",\"hash\":\"abc\"}],\"name\":\"p30\"")]
    [InlineData("virtuals not a list", "\"name\":\"p30\"", "\"dependencies\":[{\"name\":\"p2\",\"hash\":\"H2\",\"parameters\":{\"virtuals\":\"mpi\"}}],\"name\":\"p30\"")]
    [InlineData("a cycle across the split", "\"name\":\"p5\"", "\"dependencies\":[{\"name\":\"p30\",\"hash\":\"H30\"}],\"name\":\"p5\"")]
    [InlineData("an unsupported version after the installs", "\"version\":\"8\",\"installs\"", "\"installs\"")]
    [InlineData("no version", "\"version\":\"8\",", "")]
    [InlineData("broken JSON after the installs", "}}}", "},\"x\":}}")]
    public void Errors_and_problems_in_a_later_part_are_the_one_thread_skims(string what, string find, string replace)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var text = MirrorIndexGraphTests.Index(40, _ => string.Empty, MirrorIndexGraphTests.Dependencies);
        var last = what == "broken JSON after the installs" ? text.LastIndexOf(find, StringComparison.Ordinal) : text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(last >= 0, what);
        var clean = Boundaries(Skim(Write(folder, text), null).Skim!);
        replace = replace.Replace("H2", Hash(text, 2), StringComparison.Ordinal).Replace("H30", Hash(text, 30), StringComparison.Ordinal);
        text = string.Concat(text.AsSpan(0, last), replace, text.AsSpan(last + find.Length));
        if (what == "an unsupported version after the installs")
        {
            text = string.Concat(text.AsSpan(0, text.Length - 2), ",\n\"version\":\"9\"}}");
        }

        var path = Write(folder, text);
        if (what == "invalid UTF-8")
        {
            var bytes = File.ReadAllBytes(path);
            var at = text.IndexOf("p3\u00ff", StringComparison.Ordinal) + 2;
            File.WriteAllBytes(path, [.. bytes.AsSpan(0, at), 0xFF, .. bytes.AsSpan(at + 2)]);
        }

        var one = Skim(path, null);
        Assert.True(one.Error is not null || one.Problems.Length > 0, what + " changed nothing");

        // With an error, the clean index's boundaries, moved by the change (the generated text is ASCII: chars are bytes).
        var boundaries = one.Skim is { } skim ? Boundaries(skim) : clean.Select(b => b < last ? b : b + replace.Length - find.Length).ToArray();
        Assert.True(boundaries.Length > 10, what);
        foreach (var at in boundaries)
        {
            AssertSame(one, Skim(path, Forced(path, at)), $"{what}, split at {at}");
        }

        var all = Forced(path, boundaries);
        AssertSame(one, Skim(path, all), $"{what}, a part per install");
        // A bad byte is met by the first part when it fills its buffer (1 MiB ahead), before it reaches any part's start.
        Assert.True(all.Merged > 0 || what == "invalid UTF-8", what + ": no part was taken");
    }

    /// <summary>The hash of install <paramref name="n"/> in a text of <see cref="MirrorIndexGraphTests.Index"/>.</summary>
    private static string Hash(string text, int n)
    {
        var name = text.IndexOf("\"name\":\"p" + n + "\"", StringComparison.Ordinal);
        var key = text.LastIndexOf("\":{\"spec\":{", name, StringComparison.Ordinal);
        return text.Substring(key - 32, 32);
    }

    /// <summary>
    /// An index read from a pipe (a FIFO named index.json) cannot be read from a second place: it
    /// is not split, and is skimmed as before, without the length a pipe does not have.
    /// </summary>
    [Fact]
    public async Task An_index_read_from_a_pipe_is_read_on_one_thread()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var text = MirrorIndexGraphTests.Index(40, _ => string.Empty, MirrorIndexGraphTests.Dependencies);
        var one = Skim(Write(folder, text), null);
        var pipe = folder.Combine("pipe.json");
        try
        {
            using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [pipe]);
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            TestEnvironment.SkipOrFail("mkfifo is not installed");
        }

        var writer = Task.Run(() => File.WriteAllText(pipe, text));
        using (var stream = new FileStream(pipe, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1))
        {
            Assert.False(stream.CanSeek);
            Assert.Null(IndexSplit.Of(stream, FileStamp.Of(pipe)));
            var table = MirrorIndexReader.ReadTable(pipe, stream, FileStamp.Of(pipe), new CatalogInterner(), null, null);
            Assert.Equal(one.Skim!.Offsets, table.Skim.Offsets);
            Assert.Equal(one.Skim.Names, table.Skim.Names);
        }

        await writer;
    }

    /// <summary>
    /// The loader's own split of a real file of more than 8 MiB (when the machine has two cores):
    /// the table is the one-thread skim's, a check finds the same binaries, and a file replaced
    /// between the load's stamp and a part's handle is read by the first part alone.
    /// </summary>
    [Fact]
    public void The_loader_splits_a_large_index_and_a_replaced_file_is_read_on_one_thread()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var text = MirrorIndexGraphTests.Index(16_000, _ => string.Empty, MirrorIndexGraphTests.Dependencies);
        var path = Write(folder, text);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-1));
        Assert.True(new FileInfo(path).Length > IndexSplit.MinBytes);
        var one = Skim(path, null);

        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1))
        {
            var split = IndexSplit.Of(stream, FileStamp.Of(path));
            if (Environment.ProcessorCount < 2)
            {
                Assert.Null(split);
            }
            else
            {
                Assert.Equal(Math.Min(Environment.ProcessorCount, (int)(stream.Length / IndexSplit.MinPartBytes)) - 1, split!.Points.Length);
                var table = MirrorIndexReader.ReadTable(path, stream, FileStamp.Of(path), new CatalogInterner(), null, split);
                AssertSame(one, new Skimmed(table.Skim, [], null), "the loader's split");
                Assert.Equal(split.Points.Length, split.Merged);
            }
        }

        var load = SourceKinds.Load([path], new CatalogLoadOptions { CacheDirectory = folder.Combine("obj") });
        Assert.Empty(load.Diagnostics);
        Assert.Equal(16_000, load.Catalog.SpecCount);
        Assert.Equal(["1.15999"], load.Catalog.SpecsFor("p15999").Select(s => s.VersionText));
        Assert.Equal(["p15998", "p15997", "p15996"], load.Catalog.SpecsFor("p15999").Single().Dependencies!.Select(d => d.Spec.Name));

        // Stamped, then replaced by a file of the same length and a new time: a part's handle is refused.
        if (Environment.ProcessorCount >= 2)
        {
            var stamp = FileStamp.Of(path);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1);
            var split = IndexSplit.Of(stream, stamp)!;
            var replacement = folder.Write("mirror/build_cache/index.json.new", text.Replace("\"1.15999\"", "\"2.15999\"", StringComparison.Ordinal));
            File.Move(replacement, path, overwrite: true);
            var table = MirrorIndexReader.ReadTable(path, stream, stamp, new CatalogInterner(), null, split);
            AssertSame(one, new Skimmed(table.Skim, [], null), "a part refused its handle");
            Assert.Equal(0, split.Merged);
        }
    }
}
