using System.Globalization;
using System.Text.Json;

namespace CacheTasks.Mirrors;

/// <summary>
/// What the cache knows about one mirror (<c>entry.json</c> beside the cached index): where it came
/// from, how to ask the mirror whether it changed (ETags, the index hash), and when it was last
/// downloaded and last confirmed current.
/// </summary>
internal sealed record MirrorCacheEntry
{
    public string Url { get; init; } = string.Empty;

    public BuildCacheLayout Layout { get; init; }

    /// <summary>SHA-256 of the index as published (for v3, of the blob as stored, before decompression).</summary>
    public string Hash { get; init; } = string.Empty;

    /// <summary>Bytes of the cached index file; a different size means the file is not the one recorded.</summary>
    public long Size { get; init; }

    /// <summary>
    /// The cached index file's last write time (UTC ticks) when it was committed; null in an entry written
    /// before it was recorded. With the size it says the file is the one whose <see cref="Hash"/> this is.
    /// </summary>
    public long? IndexTicks { get; init; }

    /// <summary>The ETag of <c>index.manifest.json</c> (v3) or <c>build_cache/index.json</c> (v2); for OCI, the manifest's digest.</summary>
    public string? ETag { get; init; }

    public DateTimeOffset FetchedAt { get; init; }

    /// <summary>The last time the mirror confirmed this copy (or sent it).</summary>
    public DateTimeOffset CheckedAt { get; init; }

    public static MirrorCacheEntry? TryRead(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            return new MirrorCacheEntry
            {
                Url = root.GetProperty("url").GetString() ?? string.Empty,
                Layout = root.GetProperty("layout").GetString() switch { "v2" => BuildCacheLayout.V2, "oci" => BuildCacheLayout.Oci, _ => BuildCacheLayout.V3 },
                Hash = root.GetProperty("hash").GetString() ?? string.Empty,
                Size = root.GetProperty("size").GetInt64(),
                IndexTicks = root.TryGetProperty("indexTime", out var ticks) && ticks.ValueKind == JsonValueKind.Number ? ticks.GetInt64() : null,
                ETag = root.TryGetProperty("etag", out var etag) && etag.ValueKind == JsonValueKind.String ? etag.GetString() : null,
                FetchedAt = DateTimeOffset.Parse(root.GetProperty("fetchedAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                CheckedAt = DateTimeOffset.Parse(root.GetProperty("checkedAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // A damaged entry only costs a download.
            return null;
        }
    }

    public byte[] ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("url", Url);
            writer.WriteString("layout", Layout switch { BuildCacheLayout.V2 => "v2", BuildCacheLayout.Oci => "oci", _ => "v3" });
            writer.WriteString("hash", Hash);
            writer.WriteNumber("size", Size);
            if (IndexTicks is { } indexTicks)
            {
                writer.WriteNumber("indexTime", indexTicks);
            }

            if (ETag is null)
            {
                writer.WriteNull("etag");
            }
            else
            {
                writer.WriteString("etag", ETag);
            }

            writer.WriteString("fetchedAt", FetchedAt.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
            writer.WriteString("checkedAt", CheckedAt.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
