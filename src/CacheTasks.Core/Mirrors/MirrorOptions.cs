namespace CacheTasks.Mirrors;

/// <summary>How mirror URLs in <c>SpackCatalog</c> are downloaded and cached.</summary>
public sealed record MirrorOptions
{
    public static MirrorOptions Default { get; } = new();

    /// <summary>The per-user cache folder; null means <see cref="MirrorCache.DefaultRoot"/>.</summary>
    public string? CacheDirectory { get; init; }

    public MirrorRefresh Refresh { get; init; } = MirrorRefresh.Auto;

    /// <summary>How long a downloaded index is used without asking the mirror (<c>auto</c> only).</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long one request to the mirror may take, body included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock; tests move it to age the cache without waiting.</summary>
    internal Func<DateTimeOffset> Clock { get; init; } = static () => DateTimeOffset.UtcNow;
}
