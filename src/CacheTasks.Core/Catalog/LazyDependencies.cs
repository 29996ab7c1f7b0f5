using CacheTasks.Concrete;

namespace CacheTasks.Catalog;

/// <summary>
/// A spec's dependencies, built the first time they are read, under the lock of what builds them
/// (the parsed cache's, an index table's): a check that only matches roots never builds the graph's
/// hundreds of thousands of edges.
/// </summary>
internal sealed class LazyDependencies(object gate, Func<CatalogDependency[]> build) : IReadOnlyList<CatalogDependency>
{
    private CatalogDependency[]? _items;

    public int Count => Items.Length;

    private CatalogDependency[] Items
    {
        get
        {
            if (Volatile.Read(ref _items) is { } items)
            {
                return items;
            }

            lock (gate)
            {
                return _items ??= build();
            }
        }
    }

    public CatalogDependency this[int index] => Items[index];

    public IEnumerator<CatalogDependency> GetEnumerator() => ((IEnumerable<CatalogDependency>)Items).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
