using System.Collections.Concurrent;

namespace CacheTasks.Mirrors;

/// <summary>
/// Bearer tokens a registry's token service gave during one build, kept per host (and per set of
/// credentials), as Spack's OCI opener keeps them per domain for its process: the next request to the
/// host sends the token at once, and a 401 fetches a new one. A build starts with none (one per
/// <c>SourceContext</c>), so a token never outlives the build that asked for it, even in a
/// reused MSBuild node. Only in memory: a token never reaches a file.
/// </summary>
internal sealed class RegistryTokens
{
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);

    public string? Find(string key)
    {
        if (_tokens.TryGetValue(key, out var found) && found.Expires > DateTimeOffset.UtcNow)
        {
            return found.Token;
        }

        return null;
    }

    public void Keep(string key, string token, TimeSpan lifetime) => _tokens[key] = (token, DateTimeOffset.UtcNow + lifetime);

    public void Forget(string key) => _tokens.TryRemove(key, out _);
}
