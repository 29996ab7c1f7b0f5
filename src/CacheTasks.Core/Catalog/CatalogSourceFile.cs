namespace CacheTasks.Catalog;

/// <summary>One file a catalog source names: a cache page (<c>*.md</c>) or a mirror index (<c>index.json</c>), as its kind decided.</summary>
public sealed record CatalogSourceFile(string Path, bool IsIndex);
