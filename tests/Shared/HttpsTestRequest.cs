namespace CacheTasks.Testing;

/// <summary>A request an <see cref="HttpsTestServer"/> received: the host it named, the path, and its Authorization header (null: none).</summary>
public sealed record HttpsTestRequest(string Host, string Path, string? Authorization);
