namespace CacheTasks.Testing;

/// <summary>One request to an <see cref="OciTokenIssuer"/>: what it asked for, the user it named, and whether it came with a password (never which).</summary>
public sealed record OciTokenRequest(string Method, string Path, string? Service, string? Scope, string? User, bool HasPassword);
