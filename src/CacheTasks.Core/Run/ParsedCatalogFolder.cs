using System.Security.Cryptography;
using System.Text;
using CacheTasks.IO;
using CacheTasks.Sources;

namespace CacheTasks.Run;

/// <summary>
/// Where a catalog's parsed cache is kept when it is shared: <c>&lt;cache root&gt;/catalogs/&lt;key&gt;/</c>,
/// the key naming the catalog's sources by their full paths. Every project, solution and worktree
/// that checks against the same catalog then uses (and keeps warm) one cache instead of one per
/// <c>obj/</c>, and deleting <c>obj/</c> no longer makes the next build parse the catalog again.
/// </summary>
public static class ParsedCatalogFolder
{
    public const string FolderName = "catalogs";

    /// <summary>The folder for <paramref name="sources"/> under <paramref name="cacheRoot"/> (the mirror cache's root).</summary>
    public static string For(string cacheRoot, IReadOnlyList<string> sources) =>
        Path.Combine(cacheRoot, FolderName, Key(sources));

    /// <summary>
    /// 32 hex digits of the SHA-256 of the sources as their kinds key them (full paths, URLs as written), in order:
    /// the cache holds one catalog's files, so another list of sources is another cache.
    /// </summary>
    public static string Key(IReadOnlyList<string> sources)
    {
        var text = string.Join("\n", sources.Select(SourceKinds.Key));
#if NETSTANDARD2_0
        using var sha = SHA256.Create();
        var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
#else
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(text));
#endif
        return HexText.Of(digest, 16);
    }
}
