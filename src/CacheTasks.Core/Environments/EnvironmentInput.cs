namespace CacheTasks.Environments;

/// <summary>
/// A <c>SpackEnvironment</c> item as declared: the <c>spack.yaml</c> path (absolute, or relative
/// to the current directory) and the metadata that applies to every spec it lists.
/// </summary>
public sealed record EnvironmentInput(string Path, string? Stack = null, string? Severity = null);
