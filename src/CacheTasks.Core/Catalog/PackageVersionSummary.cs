using CacheTasks.Concrete;

namespace CacheTasks.Catalog;

/// <summary>One version of a package in the catalog: the arches, compilers and stacks it was built for, and its specs.</summary>
public sealed record PackageVersionSummary(
    string Version,
    IReadOnlyList<string> Arches,
    IReadOnlyList<string> Compilers,
    IReadOnlyList<string> Stacks,
    IReadOnlyList<CatalogSpec> Specs);
