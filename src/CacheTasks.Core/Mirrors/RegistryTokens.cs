using System.Collections.Concurrent;

namespace CacheTasks.Mirrors;

/// <summary>
/// Bearer tokens a registry's token service gave, kept per host (and per set of credentials) for the
/// MSBuild node's life, as Spack's OCI opener keeps them per domain: the next request to the host sends
/// the token at once, and a 401 fetches a new one. Only in memory: a token never reaches a file.
/// </summary>
internal static class RegistryTokens
{
    private static readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Expires)> Tokens = new(StringComparer.Ordinal);

    public static string? Find(string key)
    {
        if (Tokens.TryGetValue(key, out var found) && found.Expires > DateTimeOffset.UtcNow)
        {
            return found.Token;
        }

        return null;
    }

    public static void Keep(string key, string token, TimeSpan lifetime) => Tokens[key] = (token, DateTimeOffset.UtcNow + lifetime);

    public static void Forget(string key) => Tokens.TryRemove(key, out _);

    /// <summary>For tests: a new build (a new node) starts with no token.</summary>
    internal static void Clear() => Tokens.Clear();
}
