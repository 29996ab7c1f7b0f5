using System.Runtime.CompilerServices;

namespace CacheTasks.Concrete;

/// <summary>
/// Specs are records (equal by value, and a graph makes value equality expensive); walks of a
/// dependency graph and the cache writer need each node object once.
/// </summary>
public sealed class SpecIdentityComparer : IEqualityComparer<CatalogSpec>
{
    public static readonly SpecIdentityComparer Instance = new();

    public bool Equals(CatalogSpec? x, CatalogSpec? y) => ReferenceEquals(x, y);

    public int GetHashCode(CatalogSpec spec) => RuntimeHelpers.GetHashCode(spec);
}
