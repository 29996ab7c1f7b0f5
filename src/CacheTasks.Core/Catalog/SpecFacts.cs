using CacheTasks.Concrete;

namespace CacheTasks.Catalog;

/// <summary>
/// What the catalog summary counts of one spec (its package, arch, stacks and tag), which a
/// catalog can give without building the spec: a summary of a 60,000-install index builds none.
/// </summary>
internal readonly record struct SpecFacts(string Name, string Arch, IReadOnlyList<string> Stacks, string? Tag)
{
    public static SpecFacts Of(CatalogSpec spec) => new(spec.Name, spec.Arch.ToString(), spec.Stacks, spec.Tag);
}
