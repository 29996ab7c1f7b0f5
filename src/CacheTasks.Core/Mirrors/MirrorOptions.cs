using CacheTasks.Mirrors.S3;

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

    /// <summary>Where credentials named by variable are read from: the process environment; tests hand in their own.</summary>
    internal Func<string, string?> EnvironmentVariables { get; init; } = static name => Environment.GetEnvironmentVariable(name);

    /// <summary>
    /// The mirror entry (access_pair, profile, endpoint_url) of an <c>s3://</c> mirror, handed in by tests;
    /// null (the default) takes it from the run's <c>SpackMirrorsConfig</c> entries and properties.
    /// </summary>
    internal Func<MirrorUrl, S3Settings>? S3Settings { get; init; }

    /// <summary>The clock; tests move it to age the cache without waiting.</summary>
    internal Func<DateTimeOffset> Clock { get; init; } = static () => DateTimeOffset.UtcNow;
}
