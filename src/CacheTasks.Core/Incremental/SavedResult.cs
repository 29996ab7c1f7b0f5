namespace CacheTasks.Incremental;

/// <summary>One <c>SpackCoverageResult</c> item as the check returned it: its spec and all its metadata.</summary>
public sealed record SavedResult(string ItemSpec, IReadOnlyDictionary<string, string> Metadata);
