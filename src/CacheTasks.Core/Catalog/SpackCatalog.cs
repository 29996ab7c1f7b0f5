namespace CacheTasks.Catalog;

/// <summary>Every binary the catalog sources list, looked up by package name.</summary>
public sealed class SpackCatalog
{
    private readonly Dictionary<string, List<CatalogSpec>> _byName;

    public SpackCatalog(IReadOnlyList<string> sources, IEnumerable<CatalogSpec> specs)
    {
        Sources = sources;
        _byName = new Dictionary<string, List<CatalogSpec>>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            if (!_byName.TryGetValue(spec.Name, out var list))
            {
                _byName[spec.Name] = list = [];
            }

            list.Add(spec);
            SpecCount++;
        }
    }

    /// <summary>The sources as the user named them.</summary>
    public IReadOnlyList<string> Sources { get; }

    public int PackageCount => _byName.Count;

    public int SpecCount { get; }

    public IEnumerable<string> PackageNames => _byName.Keys;

    public IReadOnlyList<CatalogSpec> SpecsFor(string name) =>
        _byName.TryGetValue(name, out var specs) ? specs : (IReadOnlyList<CatalogSpec>)Array.Empty<CatalogSpec>();
}
