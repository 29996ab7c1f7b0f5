using CacheTasks.Catalog;
using CacheTasks.IO;
using CacheTasks.Sources;
using CacheTasks.Incremental;
using CacheTasks.Mirrors;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Catalog;

/// <summary>
/// The catalog's snapshot: what an incremental build checks to know that a page was edited,
/// added, removed or moved since the last check, without reading any page.
/// </summary>
public sealed class CatalogSnapshotTests
{
    private static readonly DateTime Old = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    // Settled: a time within the racy window of the load would give no snapshot at all.
    private static string Catalog(TemporaryDirectory folder)
    {
        folder.Write("catalog/develop/zlib/specs.md", "zlib page");
        folder.Write("catalog/develop/libpng/specs.md", "libpng page");
        folder.Write("catalog/notes.txt", "not a page");
        return folder.Settle("catalog");
    }

    // What a check records: the loader's own snapshot, taken from its listing.
    private static CatalogSnapshot? Take(IReadOnlyList<string> sources) =>
        SourceKinds.Load(sources, new CatalogLoadOptions { TakeSnapshot = true }).Snapshot;

    [Fact]
    public void An_unchanged_catalog_is_current()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = Catalog(folder);

        var snapshot = Take([catalog]);

        Assert.NotNull(snapshot);
        Assert.True(snapshot.IsCurrent());
        Assert.Equal(
            [folder.Combine("catalog"), folder.Combine("catalog", "develop"), folder.Combine("catalog", "develop", "libpng"), folder.Combine("catalog", "develop", "zlib")],
            snapshot.Entries.Where(e => e.IsFolder).Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Equal(
            [folder.Combine("catalog", "develop", "libpng", "specs.md"), folder.Combine("catalog", "develop", "zlib", "specs.md")],
            snapshot.Entries.Where(e => !e.IsFolder).Select(e => e.Path));
    }

    [Fact]
    public void An_edited_page_is_a_change_even_at_the_same_size()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = Catalog(folder);
        var snapshot = Take([catalog])!;

        var page = folder.Write("catalog/develop/zlib/specs.md", "zlib PAGE");
        File.SetLastWriteTimeUtc(page, DateTime.UtcNow.AddMinutes(1));

        Assert.False(snapshot.IsCurrent());
    }

    [Fact]
    public void A_page_added_with_an_old_time_is_a_change()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = Catalog(folder);
        var snapshot = Take([catalog])!;

        File.SetLastWriteTimeUtc(folder.Write("catalog/develop/cmake/specs.md", "cmake page"), Old);

        Assert.False(snapshot.IsCurrent());
    }

    [Fact]
    public void A_removed_or_moved_page_is_a_change()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = Catalog(folder);
        var snapshot = Take([catalog])!;

        Directory.Move(folder.Combine("catalog/develop/libpng"), folder.Combine("catalog/develop/libpng-old"));
        folder.Settle("catalog");
        var afterMove = Take([catalog])!;
        Directory.Delete(folder.Combine("catalog/develop/libpng-old"), recursive: true);

        Assert.False(snapshot.IsCurrent());
        Assert.False(afterMove.IsCurrent());
    }

    [Fact]
    public void Editing_a_file_that_is_not_a_page_is_no_change()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = Catalog(folder);
        var snapshot = Take([catalog])!;

        var notes = folder.Write("catalog/notes.txt", "edited notes, longer than before");
        File.SetLastWriteTimeUtc(notes, DateTime.UtcNow.AddMinutes(1));

        Assert.True(snapshot.IsCurrent());
    }

    [Fact]
    public void A_file_source_counts_by_its_size_and_time_and_a_missing_one_by_its_absence()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var index = folder.Combine("index.json");
        var missing = Take([index])!;

        File.WriteAllText(index, "{}");
        folder.Settle(index);
        var present = Take([index])!;
        Assert.False(missing.IsCurrent());
        Assert.True(present.IsCurrent());

        File.WriteAllText(index, "{ }");
        Assert.False(present.IsCurrent());
        File.Delete(index);
        Directory.CreateDirectory(index);
        Assert.False(missing.IsCurrent());
    }

    [Fact]
    public void A_mirror_with_nothing_cached_adds_nothing_but_a_missing_file_mirror_is_watched()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = Catalog(folder);

        var mirrors = new MirrorOptions { Refresh = MirrorRefresh.Never, CacheDirectory = folder.Combine("mirror-cache") };
        var resolved = SourceKinds.Resolve([catalog, "https://binaries.spack.io/develop", "file:///srv/mirror"], new SourceContext(mirrors), []);

        Assert.Equal(
            [.. Take([catalog])!.Entries, FileStamp.Absent("/srv/mirror")],
            CatalogLoader.Load(resolved, new CatalogLoadOptions { TakeSnapshot = true }).Snapshot!.Entries.OrderBy(e => e.Exists ? 0 : 1));
    }

    [Fact]
    public void A_page_written_within_the_racy_window_gives_no_snapshot_as_the_parsed_cache_does_not_trust_it()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = Catalog(folder);
        File.SetLastWriteTimeUtc(folder.Combine("catalog/develop/zlib/specs.md"), DateTime.UtcNow);

        Assert.Null(Take([catalog]));
    }

    [Fact]
    public void A_folder_that_cannot_be_listed_gives_no_snapshot_so_the_catalog_counts_as_changed()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = Catalog(folder);
        // A link back to its own parent: the loader skips it with a warning, which a snapshot cannot date.
        Directory.CreateSymbolicLink(folder.Combine("catalog/develop/loop"), folder.Combine("catalog/develop"));

        Assert.Null(Take([catalog]));
        var saved = CheckDependencies.None with { CatalogSources = [catalog], Catalog = null };
        Assert.Equal(string.Format(Messages.ReplayCatalogChanged, catalog), saved.FindChange(_ => null, () => string.Empty));
    }

    [Fact]
    public void A_load_takes_the_same_snapshot_from_its_own_listing_cold_warm_and_without_a_cache()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = Catalog(folder);
        folder.Write("catalog/develop/broken/specs.md", "---\nspec_details: [\n---\n");
        var index = folder.Write("index.json", "{}");
        folder.Settle(catalog);
        folder.Settle(index);
        string[] local = [catalog, index, folder.Combine("missing")];
        var expected = Take(local)!.Entries.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        var cache = folder.Combine("obj", "cache");
        var mirrors = new MirrorOptions { Refresh = MirrorRefresh.Never, CacheDirectory = folder.Combine("mirror-cache") };
        var sources = SourceKinds.Resolve([.. local, "https://binaries.spack.io/develop"], new SourceContext(mirrors), []);

        IEnumerable<FileStamp> Loaded(string? cacheDirectory) =>
            CatalogLoader.Load(sources, new CatalogLoadOptions { CacheDirectory = cacheDirectory, TakeSnapshot = true }).Snapshot!.Entries.OrderBy(e => e.Path, StringComparer.Ordinal);

        Assert.Equal(expected, Loaded(null));
        Assert.Equal(expected, Loaded(cache));
        Assert.Equal(expected, Loaded(cache));
        Assert.Contains(expected, e => e.Path.EndsWith("broken" + Path.DirectorySeparatorChar + "specs.md", StringComparison.Ordinal) && e.Length > 0);
        Assert.Null(CatalogLoader.Load(sources, CatalogLoadOptions.Default).Snapshot);
    }

    [Fact]
    public void A_tracked_run_records_the_snapshot_and_a_replay_sees_a_change_by_name()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = Catalog(folder);
        var options = new CoverageRunOptions
        {
            CatalogSources = [catalog, "https://binaries.spack.io/develop"],
            Requirements = [new RequirementInput("zlib")],
            Arches = ["linux-ubuntu24.04-x86_64_v3"],
            MirrorRefresh = "never",
            MirrorCacheDirectory = folder.Combine("mirror-cache"),
            TrackCatalogChanges = true,
        };

        var dependencies = CoverageRun.Execute(options).Dependencies;
        var untracked = CoverageRun.Execute(options with { TrackCatalogChanges = false }).Dependencies;

        Assert.Equal([catalog, "https://binaries.spack.io/develop"], dependencies.CatalogSources);
        Assert.Equal(Take([catalog])!.Entries, dependencies.Catalog!.Entries);
        Assert.Null(dependencies.FindChange(_ => null, () => string.Empty));
        File.SetLastWriteTimeUtc(folder.Write("catalog/develop/zlib/specs.md", "zlib page, edited"), DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(string.Format(Messages.ReplayCatalogChanged, catalog + ";https://binaries.spack.io/develop"), dependencies.FindChange(_ => null, () => string.Empty));
        Assert.Empty(untracked.CatalogSources);
        Assert.Null(untracked.FindChange(_ => null, () => string.Empty));
    }
}
