using CacheTasks.Catalog;
using CacheTasks.Coverage;
using CacheTasks.Incremental;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Catalog;

/// <summary>
/// The catalog's fingerprint: what an incremental build compares to know that a page was edited,
/// added, removed or moved since the last check, without reading any page.
/// </summary>
public sealed class CatalogFingerprintTests
{
    private static readonly DateTime Old = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static string Catalog(TemporaryDirectory folder)
    {
        folder.Write("catalog/develop/zlib/specs.md", "zlib page");
        folder.Write("catalog/develop/libpng/specs.md", "libpng page");
        folder.Write("catalog/notes.txt", "not a page");
        return folder.Combine("catalog");
    }

    [Fact]
    public void An_unchanged_catalog_has_the_same_fingerprint()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = Catalog(folder);

        var first = CatalogFingerprint.Of([catalog]);

        Assert.NotNull(first);
        Assert.Equal(first, CatalogFingerprint.Of([catalog]));
    }

    [Fact]
    public void An_edited_page_changes_it_even_at_the_same_size()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = Catalog(folder);
        var before = CatalogFingerprint.Of([catalog]);

        var page = folder.Write("catalog/develop/zlib/specs.md", "zlib PAGE");
        File.SetLastWriteTimeUtc(page, DateTime.UtcNow.AddMinutes(1));

        Assert.NotEqual(before, CatalogFingerprint.Of([catalog]));
    }

    [Fact]
    public void A_page_added_with_an_old_time_changes_it()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = Catalog(folder);
        var before = CatalogFingerprint.Of([catalog]);

        File.SetLastWriteTimeUtc(folder.Write("catalog/develop/cmake/specs.md", "cmake page"), Old);

        Assert.NotEqual(before, CatalogFingerprint.Of([catalog]));
    }

    [Fact]
    public void A_removed_or_moved_page_changes_it()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = Catalog(folder);
        var before = CatalogFingerprint.Of([catalog]);

        Directory.Move(folder.Combine("catalog/develop/libpng"), folder.Combine("catalog/develop/libpng-old"));
        var moved = CatalogFingerprint.Of([catalog]);
        Directory.Delete(folder.Combine("catalog/develop/libpng-old"), recursive: true);
        var removed = CatalogFingerprint.Of([catalog]);

        Assert.NotEqual(before, moved);
        Assert.NotEqual(before, removed);
        Assert.NotEqual(moved, removed);
    }

    [Fact]
    public void Files_that_are_not_pages_do_not_count()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = Catalog(folder);
        var before = CatalogFingerprint.Of([catalog]);

        var notes = folder.Write("catalog/notes.txt", "edited notes, longer than before");
        File.SetLastWriteTimeUtc(notes, DateTime.UtcNow.AddMinutes(1));

        Assert.Equal(before, CatalogFingerprint.Of([catalog]));
    }

    [Fact]
    public void A_file_source_counts_by_its_size_and_time_and_a_missing_one_by_its_absence()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var index = folder.Combine("index.json");
        var missing = CatalogFingerprint.Of([index]);

        File.WriteAllText(index, "{}");
        var present = CatalogFingerprint.Of([index]);
        File.WriteAllText(index, "{ }");

        Assert.NotNull(missing);
        Assert.NotEqual(missing, present);
        Assert.NotEqual(present, CatalogFingerprint.Of([index]));
    }

    [Fact]
    public void Mirror_urls_are_left_out()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = Catalog(folder);

        Assert.Equal(CatalogFingerprint.Of([catalog]), CatalogFingerprint.Of([catalog, "https://binaries.spack.io/develop"]));
        Assert.Equal([catalog], CatalogFingerprint.LocalSources([catalog, "https://binaries.spack.io/develop", "file:///srv/mirror"]));
    }

    [Fact]
    public void A_folder_that_cannot_be_listed_gives_no_fingerprint_so_the_catalog_counts_as_changed()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var catalog = Catalog(folder);
        // A link back to its own parent: the loader skips it with a warning, which a fingerprint cannot date.
        Directory.CreateSymbolicLink(folder.Combine("catalog/develop/loop"), folder.Combine("catalog/develop"));

        Assert.Null(CatalogFingerprint.Of([catalog]));
        var saved = CheckDependencies.None with { CatalogSources = [catalog], CatalogFingerprint = null };
        Assert.Equal(string.Format(Messages.ReplayCatalogChanged, catalog), saved.FindChange(_ => null, () => string.Empty));
    }

    [Fact]
    public void A_tracked_run_records_the_fingerprint_and_a_replay_sees_a_change_by_name()
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

        Assert.Equal([catalog], dependencies.CatalogSources);
        Assert.Equal(CatalogFingerprint.Of([catalog]), dependencies.CatalogFingerprint);
        Assert.Null(dependencies.FindChange(_ => null, () => string.Empty));
        File.SetLastWriteTimeUtc(folder.Write("catalog/develop/zlib/specs.md", "zlib page, edited"), DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(string.Format(Messages.ReplayCatalogChanged, catalog), dependencies.FindChange(_ => null, () => string.Empty));
        Assert.Empty(untracked.CatalogSources);
        Assert.Null(untracked.FindChange(_ => null, () => string.Empty));
    }
}
