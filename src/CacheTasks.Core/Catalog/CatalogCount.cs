namespace CacheTasks.Catalog;

/// <summary>A name (package, arch, stack or tag) and how many catalog specs carry it.</summary>
public sealed record CatalogCount(string Name, int Specs);
