namespace CacheTasks.Catalog;

/// <summary>
/// What a catalog holds, so a user can see why a requirement is missing: its packages, and the
/// arches, stacks and cache tags its specs were built for, each with a count of specs.
/// </summary>
public sealed record CatalogSummary(
    IReadOnlyList<string> Sources,
    int PackageCount,
    int SpecCount,
    IReadOnlyList<CatalogCount> Packages,
    IReadOnlyList<CatalogCount> Arches,
    IReadOnlyList<CatalogCount> Stacks,
    IReadOnlyList<CatalogCount> Tags)
{
    public static CatalogSummary Of(SpackCatalog catalog)
    {
        // Counted from what each source can say without building its specs (an index's table, the parsed cache's records).
        var specs = catalog.PackageNames.SelectMany(catalog.FactsFor).ToList();
        return new CatalogSummary(
            catalog.Sources,
            catalog.PackageCount,
            catalog.SpecCount,
            Count(specs.Select(s => s.Name)),
            Count(specs.Select(s => s.Arch)),
            Count(specs.SelectMany(s => s.Stacks.Distinct())),
            Count(specs.Where(s => s.Tag is not null).Select(s => s.Tag!)));
    }

    private static List<CatalogCount> Count(IEnumerable<string> names) =>
        names.GroupBy(n => n, StringComparer.Ordinal)
            .Select(g => new CatalogCount(g.Key, g.Count()))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
}
