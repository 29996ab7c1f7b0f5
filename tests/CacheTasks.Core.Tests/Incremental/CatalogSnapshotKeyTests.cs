using CacheTasks.Catalog;
using CacheTasks.IO;
using CacheTasks.Incremental;

namespace CacheTasks.Core.Tests.Incremental;

/// <summary>
/// A no-op build takes an earlier project's word that a snapshot is current only for the very same
/// snapshot: any entry's path, kind, size or time makes another key.
/// </summary>
public sealed class CatalogSnapshotKeyTests
{
    private static readonly FileStamp[] Entries =
    [
        new("/srv/catalog", 0, 638000000000000000, IsFolder: true),
        new("/srv/catalog/develop/zlib/specs.md", 1234, 638000000000000001, IsFolder: false),
    ];

    private static FileStamp Change(string field) => field switch
    {
        "path" => Entries[1] with { Path = "/srv/catalog/develop/zlib-ng/specs.md" },
        "kind" => Entries[1] with { IsFolder = true },
        "size" => Entries[1] with { Length = 1235 },
        _ => Entries[1] with { LastWriteTicks = 638000000000000002 },
    };

    [Fact]
    public void The_same_entries_give_the_same_key()
    {
        Assert.Equal(CatalogSnapshotKey.Of(new CatalogSnapshot(Entries)), CatalogSnapshotKey.Of(new CatalogSnapshot([.. Entries])));
    }

    [Theory]
    [InlineData("path")]
    [InlineData("kind")]
    [InlineData("size")]
    [InlineData("time")]
    public void Any_changed_entry_gives_another_key(string field)
    {
        Assert.NotEqual(CatalogSnapshotKey.Of(new CatalogSnapshot(Entries)), CatalogSnapshotKey.Of(new CatalogSnapshot([Entries[0], Change(field)])));
    }

    [Fact]
    public void A_replay_asks_the_given_judge_about_the_catalog_instead_of_reading_and_stat_ing_it()
    {
        // The file is not there: only the judge's word counts.
        var saved = new SavedCatalogSnapshot(CatalogSnapshotKey.Of(new CatalogSnapshot(Entries)), "/srv/no-such-folder/snapshot.json");
        var dependencies = CheckDependencies.None with { CatalogSources = ["/srv/catalog"], SavedCatalog = saved };
        var asked = 0;

        var current = dependencies.FindChange(_ => null, () => string.Empty, _ => ++asked > 0);
        var changed = dependencies.FindChange(_ => null, () => string.Empty, _ => false);

        Assert.Null(current);
        Assert.Equal(1, asked);
        Assert.Equal(string.Format(Messages.ReplayCatalogChanged, "/srv/catalog"), changed);
    }

    [Fact]
    public void A_key_is_64_hex_digits_and_names_a_file()
    {
        Assert.Matches("^[0-9a-f]{64}$", CatalogSnapshotKey.Of(new CatalogSnapshot(Entries)));
    }
}
