using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.IO;

namespace CacheTasks.Incremental;

/// <summary>
/// Reads and writes a <see cref="CatalogSnapshot"/> as <c>snapshot-&lt;key&gt;.json</c> in a folder that
/// belongs to one catalog (the shared parsed-catalog folder). The name is the snapshot's
/// <see cref="CatalogSnapshotKey"/>, so a file once written never changes: every project of every
/// build that saw the same catalog state points at the same file, and the first to save it writes it.
/// Writes are atomic (temporary file, then rename): a reader finds the whole file or none. A file
/// that is missing, damaged, of another format or another key reads as null, and the replay then
/// checks again.
/// </summary>
public static class CatalogSnapshotFile
{
    /// <summary>The shape of the file; a file of another version is not trusted.</summary>
    public const int FormatVersion = 1;

    private const string Prefix = "snapshot-";
    private const string Extension = ".json";

    /// <summary>
    /// How many snapshot files a folder keeps: each edit of the catalog makes a new one (~1.5 MB for
    /// 16,000 entries), and only the newest are still named by anyone's results. A project whose
    /// file was removed checks again, nothing worse.
    /// </summary>
    internal const int Kept = 4;

    public static string PathFor(string folder, string key) => Path.Combine(folder, Prefix + key + Extension);

    /// <summary>
    /// Saves <paramref name="snapshot"/> in <paramref name="folder"/> unless a file of the same key is
    /// there already, then removes all but the newest <see cref="Kept"/> snapshot files.
    /// I/O errors go up: the caller then saves no results and the next build checks again.
    /// </summary>
    public static SavedCatalogSnapshot Save(string folder, CatalogSnapshot snapshot)
    {
        var key = CatalogSnapshotKey.Of(snapshot);
        var path = PathFor(folder, key);
        if (File.Exists(path))
        {
            // Same name, same content: only mark it as in use, so that the pruning below keeps it.
            Touch(path);
        }
        else
        {
            AtomicFile.Write(path, stream =>
            {
                using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
                Write(json, key, snapshot);
            });
        }

        Prune(folder);
        return new SavedCatalogSnapshot(key, Path.GetFullPath(path));
    }

    public static CatalogSnapshot? Read(string path, string key)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            var reader = new Utf8JsonReader(bytes);
            return ReadSnapshot(ref reader, key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or FormatException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    // One compact [path, isFolder, length, ticks] array per entry: a develop-scale catalog has 16,000.
    private static void Write(Utf8JsonWriter json, string key, CatalogSnapshot snapshot)
    {
        json.WriteStartObject();
        json.WriteNumber("formatVersion", FormatVersion);
        json.WriteString("key", key);
        json.WriteStartArray("entries");
        foreach (var entry in snapshot.Entries)
        {
            json.WriteStartArray();
            json.WriteStringValue(entry.Path);
            json.WriteBooleanValue(entry.IsFolder);
            json.WriteNumberValue(entry.Length);
            json.WriteNumberValue(entry.LastWriteTicks);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    // A reader over the bytes rather than a JsonDocument: the file is read once per node per no-op
    // build, and 16,000 small arrays through a document cost twice the time for nothing. Optimised
    // at once: a no-op build is over before tiered JIT would optimise it.
    [MethodImpl(HotPath.Options)]
    private static CatalogSnapshot? ReadSnapshot(ref Utf8JsonReader reader, string key)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        Expect(ref reader, JsonTokenType.PropertyName, "formatVersion");
        Expect(ref reader, JsonTokenType.Number);
        if (reader.GetInt32() != FormatVersion)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.PropertyName, "key");
        Expect(ref reader, JsonTokenType.String);
        if (reader.GetString() != key)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.PropertyName, "entries");
        Expect(ref reader, JsonTokenType.StartArray);
        var entries = new List<FileStamp>();
        while (Next(ref reader) == JsonTokenType.StartArray)
        {
            Expect(ref reader, JsonTokenType.String);
            var path = reader.GetString()!;
            var isFolder = Next(ref reader) switch
            {
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                _ => throw new JsonException("isFolder"),
            };
            Expect(ref reader, JsonTokenType.Number);
            var length = reader.GetInt64();
            Expect(ref reader, JsonTokenType.Number);
            var ticks = reader.GetInt64();
            Expect(ref reader, JsonTokenType.EndArray);
            entries.Add(new FileStamp(path, length, ticks, isFolder));
        }

        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("entries");
        }

        Expect(ref reader, JsonTokenType.EndObject);
        return new CatalogSnapshot(entries);
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("unexpected end");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string? name = null)
    {
        if (Next(ref reader) != type || (name is not null && !reader.ValueTextEquals(name)))
        {
            throw new JsonException(string.Format(CultureInfo.InvariantCulture, "expected {0} {1}", type, name));
        }
    }

    private static void Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only the pruning order depends on it.
        }
    }

    private static void Prune(string folder)
    {
        try
        {
            var old = new DirectoryInfo(folder).GetFiles(Prefix + "*" + Extension)
                .OrderByDescending(f => f.LastWriteTimeUtc)
                .Skip(Kept);
            foreach (var file in old)
            {
                // A build replaying from it now keeps reading (Unix) or keeps it (Windows refuses the delete).
                AtomicFile.TryDelete(file.FullName);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next check to remove.
        }
    }
}
