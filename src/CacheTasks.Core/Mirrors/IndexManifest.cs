using System.Text.Json;

namespace CacheTasks.Mirrors;

/// <summary>
/// Reads a layout-v3 index manifest (<c>v3/manifests/index/index.manifest.json</c>) and picks the index
/// blob out of it; see <see cref="BuildCachePaths"/> for the Spack sources this follows.
/// </summary>
internal static class IndexManifest
{
    private const string SignedHeader = "-----BEGIN PGP SIGNED MESSAGE-----";
    private const string SignatureHeader = "-----BEGIN PGP SIGNATURE-----";

    /// <summary>The index blob; throws <see cref="MirrorFetchException"/> when the manifest is not one CacheTasks can use.</summary>
    public static IndexBlob Read(string text, Uri url)
    {
        try
        {
            using var document = JsonDocument.Parse(Unsigned(text));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != 3)
            {
                throw Unusable(url, Messages.MirrorManifestNotV3);
            }

            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                throw Unusable(url, Messages.MirrorManifestNoIndex);
            }

            foreach (var record in data.EnumerateArray())
            {
                var mediaType = String(record, "mediaType");
                if (mediaType is null || !mediaType.StartsWith(BuildCachePaths.IndexMediaTypePrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var algorithm = String(record, "checksumAlgorithm") ?? string.Empty;
                var checksum = String(record, "checksum") ?? string.Empty;
                var compression = String(record, "compression") ?? "none";
                if (!string.Equals(algorithm, "sha256", StringComparison.Ordinal) || checksum.Length != 64 || !checksum.All(IsLowerHex))
                {
                    throw Unusable(url, string.Format(Messages.MirrorManifestChecksum, algorithm, checksum));
                }

                if (compression is not ("none" or "gzip"))
                {
                    throw Unusable(url, string.Format(Messages.MirrorManifestCompression, compression));
                }

                var length = record.TryGetProperty("contentLength", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetInt64() : -1;
                return new IndexBlob(mediaType, compression, algorithm, checksum, length);
            }

            throw Unusable(url, Messages.MirrorManifestNoIndex);
        }
        catch (JsonException e)
        {
            throw Unusable(url, e.Message);
        }
        catch (FormatException e)
        {
            throw Unusable(url, e.Message);
        }
    }

    // Spack clear-signs manifests when the mirror is signed; the JSON sits between the armor headers.
    // CacheTasks does not verify the signature (it installs nothing), but the blob checksum still guards the index.
    private static string Unsigned(string text)
    {
        var start = text.IndexOf(SignedHeader, StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        var body = text.IndexOf("\n\n", start, StringComparison.Ordinal);
        var bodyCr = text.IndexOf("\r\n\r\n", start, StringComparison.Ordinal);
        var from = bodyCr >= 0 && (body < 0 || bodyCr < body) ? bodyCr + 4 : body < 0 ? start + SignedHeader.Length : body + 2;
        var end = text.IndexOf(SignatureHeader, from, StringComparison.Ordinal);
        return end < 0 ? text.Substring(from) : text.Substring(from, end - from);
    }

    private static string? String(JsonElement record, string name) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsLowerHex(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'f';

    private static MirrorFetchException Unusable(Uri url, string reason) =>
        new(string.Format(Messages.MirrorCauseManifest, url, reason));
}
