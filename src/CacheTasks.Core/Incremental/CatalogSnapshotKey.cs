using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.IO;

namespace CacheTasks.Incremental;

/// <summary>
/// A catalog snapshot's identity: the SHA-256 of every entry (path, kind, size, time), as 64 hex
/// digits (it names the snapshot's file, <see cref="CatalogSnapshotFile"/>). Every project of a
/// solution saves the same snapshot of the same catalog, so a no-op build that has found it current
/// once need not read or stat the same 16,000 folders and pages again for each project.
/// </summary>
public static class CatalogSnapshotKey
{
    // Every project of a build that reuses one load saves the same snapshot object: hash it once.
    private static readonly ConditionalWeakTable<CatalogSnapshot, string> Known = new();

    public static string Of(CatalogSnapshot snapshot) => Known.GetValue(snapshot, Compute);

    [MethodImpl(HotPath.Options)]
    private static string Compute(CatalogSnapshot snapshot)
    {
        using var sha = SHA256.Create();
        var buffer = new byte[4096];
        foreach (var entry in snapshot.Entries)
        {
            var text = entry.Path + "\0" + (entry.IsFolder ? "d" : "f") + "\0" + entry.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\0" + entry.LastWriteTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n";
            var count = Encoding.UTF8.GetByteCount(text);
            if (count > buffer.Length)
            {
                buffer = new byte[count];
            }

            Encoding.UTF8.GetBytes(text, 0, text.Length, buffer, 0);
            sha.TransformBlock(buffer, 0, count, null, 0);
        }

        sha.TransformFinalBlock([], 0, 0);
        return HexText.Of(sha.Hash!);
    }
}
