namespace CacheTasks.Mirrors;

/// <summary>A mirror's index as the mirror cache holds it: the local file, and the digest that names its content.</summary>
public sealed record MirrorIndex(string Path, string Digest);
