namespace CacheTasks.Mirrors;

/// <summary>One answer from a mirror; for <see cref="MirrorResponseStatus.Ok"/>, the body's SHA-256 and size as written to the temporary file.</summary>
internal sealed record MirrorResponse(MirrorResponseStatus Status, string? Sha256 = null, long Length = 0, string? ETag = null)
{
    /// <summary>What the server answered when it is not <see cref="MirrorResponseStatus.Ok"/> (<c>HTTP 410 Gone</c>), for messages; null when the transport has no such words.</summary>
    public string? Answer { get; init; }

    public static MirrorResponse NotModified { get; } = new(MirrorResponseStatus.NotModified);

    public static MirrorResponse NotFound { get; } = new(MirrorResponseStatus.NotFound);
}
