using System.Text;
using CacheTasks.Catalog;
using CacheTasks.IO;
using CacheTasks.Incremental;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Incremental;

/// <summary>
/// The catalog snapshot is saved once per catalog state, beside the parsed cache, and each project's
/// results only name it: a no-op build of a solution reads it once, not once per project. A file
/// that is gone, damaged or not the one named means "check again", never an error.
/// </summary>
public sealed class CatalogSnapshotFileTests
{
    private static readonly CatalogSnapshot Snapshot = new(
    [
        new FileStamp("/srv/catalog", 0, 638000000000000000, IsFolder: true),
        new FileStamp("/srv/catalog/develop/zlib/specs.md \"quoted\" ✓", 1234, 638000000000000001, IsFolder: false),
        new FileStamp("/srv/index.json", -1, 0, IsFolder: false),
    ]);

    private static string[] SnapshotFiles(string folder) => Directory.GetFiles(folder, "snapshot-*.bin");

    [Fact]
    public void A_saved_snapshot_reads_back_under_its_key_and_is_written_once()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();

        var saved = CatalogSnapshotFile.Save(folder.Path, Snapshot);
        var written = File.GetLastWriteTimeUtc(saved.File);
        File.SetLastWriteTimeUtc(saved.File, written.AddHours(-1));
        var again = CatalogSnapshotFile.Save(folder.Path, new CatalogSnapshot([.. Snapshot.Entries]));

        Assert.Equal(saved, again);
        Assert.Equal(CatalogSnapshotFile.PathFor(folder.Path, CatalogSnapshotKey.Of(Snapshot)), saved.File);
        Assert.Equal(Snapshot.Entries, saved.Load()!.Entries);
        Assert.Single(SnapshotFiles(folder.Path));
        // Not rewritten, only marked as in use again.
        Assert.True(File.GetLastWriteTimeUtc(saved.File) > written.AddMinutes(-1));
    }

    [Theory]
    [InlineData("gone")]
    [InlineData("truncated")]
    [InlineData("one byte short")]
    [InlineData("one byte more")]
    [InlineData("an entry count past the file's end")]
    [InlineData("a JSON file of the first format")]
    [InlineData("other format")]
    [InlineData("other key")]
    public void A_snapshot_file_that_is_not_the_one_named_reads_as_changed(string damage)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var saved = CatalogSnapshotFile.Save(folder.Path, Snapshot);
        var bytes = File.ReadAllBytes(saved.File);
        switch (damage)
        {
            case "gone":
                File.Delete(saved.File);
                break;
            case "truncated":
                File.WriteAllBytes(saved.File, bytes[..(bytes.Length / 2)]);
                break;
            case "one byte short":
                File.WriteAllBytes(saved.File, bytes[..^1]);
                break;
            case "one byte more":
                File.WriteAllBytes(saved.File, [.. bytes, 0]);
                break;
            case "an entry count past the file's end":
                // The count follows the key and the shared folder; a huge one must not allocate or throw.
                var text = Encoding.Latin1.GetString(bytes);
                var count = text.IndexOf("/srv/", StringComparison.Ordinal) + "/srv/".Length;
                BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, count);
                File.WriteAllBytes(saved.File, bytes);
                break;
            case "other format":
                BitConverter.GetBytes(99).CopyTo(bytes, 4);
                File.WriteAllBytes(saved.File, bytes);
                break;
            case "a JSON file of the first format":
                File.WriteAllText(saved.File, $"{{\"formatVersion\":1,\"key\":\"{saved.Key}\",\"entries\":[]}}");
                break;
            default:
                File.WriteAllBytes(saved.File, Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(bytes).Replace(saved.Key, new string('0', 64), StringComparison.Ordinal)));
                break;
        }

        Assert.Null(saved.Load());
        Assert.False(saved.IsCurrent());
        var dependencies = new CheckDependencies([], new Dictionary<string, string?>(), null) { CatalogSources = ["/srv/catalog"], SavedCatalog = saved };
        Assert.Equal(string.Format(Messages.ReplayCatalogChanged, "/srv/catalog"), dependencies.FindChange(_ => null, () => string.Empty));
    }

    // The file keeps the folder all paths share once: paths that share only part of a name, none at
    // all, or Windows separators must come back exactly as they were.
    [Theory]
    [InlineData("/srv/cat-a/x/specs.md", "/srv/cat-b/y", "/srv/cat-a")]
    [InlineData("specs.md", "/srv/catalog/specs.md", "")]
    [InlineData(@"C:\catalog\develop\zlib.md", @"C:\catalog\develop", @"C:\catalog\develop\")]
    [InlineData("/srv/catalog/zlib.md", "/srv/catalog/zlib.md", "/srv/catalog/zlib.md")]
    public void Paths_read_back_as_written_whatever_they_share(string first, string second, string third)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var snapshot = new CatalogSnapshot(
        [
            new FileStamp(first, 1, 2, IsFolder: false),
            new FileStamp(second, 0, 3, IsFolder: true),
            new FileStamp(third, -1, 0, IsFolder: false),
        ]);

        var saved = CatalogSnapshotFile.Save(folder.Path, snapshot);

        Assert.Equal(snapshot.Entries, saved.Load()!.Entries);
    }

    [Fact]
    public void Snapshots_of_the_first_format_are_removed_when_a_snapshot_is_saved()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var old = Path.Combine(folder.Path, "snapshot-" + new string('a', 64) + ".json");
        File.WriteAllText(old, "{}");

        CatalogSnapshotFile.Save(folder.Path, Snapshot);

        Assert.False(File.Exists(old));
        Assert.Single(SnapshotFiles(folder.Path));
    }

    [Fact]
    public void Only_the_newest_snapshots_of_a_catalog_are_kept()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var start = DateTime.UtcNow.AddHours(-1);
        var saved = new List<SavedCatalogSnapshot>();
        for (var i = 0; i < CatalogSnapshotFile.Kept + 2; i++)
        {
            // Each edit of the catalog is a new state, a new file.
            saved.Add(CatalogSnapshotFile.Save(folder.Path, new CatalogSnapshot([Snapshot.Entries[0] with { LastWriteTicks = i }])));
            File.SetLastWriteTimeUtc(saved[^1].File, start.AddMinutes(i));
        }

        CatalogSnapshotFile.Save(folder.Path, new CatalogSnapshot([Snapshot.Entries[0] with { LastWriteTicks = 0 }]));

        // The first state saved again is the newest now; the two after it went.
        Assert.Equal(
            new[] { saved[0].File }.Concat(saved.Skip(3).Select(s => s.File)).Order(StringComparer.Ordinal),
            SnapshotFiles(folder.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Readers_never_see_a_half_written_snapshot()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var big = new CatalogSnapshot(Enumerable.Range(0, 20_000).Select(i => new FileStamp($"/srv/catalog/develop/p{i}/specs.md", i, i, IsFolder: false)).ToList());
        var path = CatalogSnapshotFile.PathFor(folder.Path, CatalogSnapshotKey.Of(big));
        using var stop = new CancellationTokenSource();
        using var reading = new ManualResetEventSlim();
        var reads = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // Not there yet, or whole: never a part.
                var read = CatalogSnapshotFile.Read(path, CatalogSnapshotKey.Of(big));
                Assert.True(read is null || read.Entries.Count == big.Entries.Count);
                reads++;
                reading.Set();
            }
        });

        // The writers start once the reader reads, or on a busy machine they could all be done before it ran once.
        SpinWait.SpinUntil(() => reading.IsSet || reader.IsCompleted);
        Parallel.For(0, 8, _ =>
        {
            for (var round = 0; round < 4; round++)
            {
                try
                {
                    File.Delete(path);
                }
                catch (IOException)
                {
                    // Windows: a reader has it open.
                }

                CatalogSnapshotFile.Save(folder.Path, big);
            }
        });
        stop.Cancel();
        await reader;

        Assert.True(reads > 0);
        Assert.Equal(big.Entries, CatalogSnapshotFile.Read(path, CatalogSnapshotKey.Of(big))!.Entries);
        Assert.Single(SnapshotFiles(folder.Path));
    }

    [Fact]
    public void Projects_checked_against_one_catalog_save_one_snapshot_and_results_that_name_it()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        for (var i = 0; i < 50; i++)
        {
            folder.Write($"catalog/develop/p{i}/specs.md", "---\ntitle: \"p\"\ncategories: [package, develop]\nspec_details: []\n---");
        }

        folder.Settle("catalog");
        var cacheRoot = folder.Combine("cache");
        CoverageRunResult Run(string project) => CoverageRun.Execute(new CoverageRunOptions
        {
            CatalogSources = [folder.Combine("catalog")],
            Arches = ["linux-ubuntu24.04-x86_64_v3"],
            Requirements = [new RequirementInput("zlib")],
            MirrorCacheDirectory = cacheRoot,
            ShareParsedCatalog = true,
            ResultsFile = folder.Combine(project, "obj", "spack-coverage.cache.json"),
        });

        var first = Run("a");
        var second = Run("b");

        var catalogFolder = ParsedCatalogFolder.For(cacheRoot, [folder.Combine("catalog")]);
        var snapshot = Assert.Single(SnapshotFiles(catalogFolder));
        Assert.Equal(snapshot, first.Dependencies.SavedCatalog!.File);
        Assert.Equal(first.Dependencies.SavedCatalog, second.Dependencies.SavedCatalog);
        // The results name the snapshot; its 100 entries are not copied into each project's file.
        Assert.DoesNotContain("specs.md", File.ReadAllText(folder.Combine("a", "obj", "spack-coverage.cache.json")), StringComparison.Ordinal);
        var replayed = SavedCheckFile.Read(folder.Combine("b", "obj", "spack-coverage.cache.json"))!;
        Assert.Null(replayed.Dependencies.FindChange(_ => null, () => string.Empty));
        File.Delete(snapshot);
        Assert.NotNull(replayed.Dependencies.FindChange(_ => null, () => string.Empty));
    }
}
