using CacheTasks.Specs;

namespace CacheTasks.Catalog;

/// <summary>
/// Every version of one package the catalog has, newest first (Spack's version order), or, when
/// the package is not there, the close names a user may have meant.
/// </summary>
public sealed record PackageSummary(string Name, IReadOnlyList<PackageVersionSummary> Versions, IReadOnlyList<string> ClosestNames)
{
    public bool Found => Versions.Count > 0;

    public static PackageSummary Of(SpackCatalog catalog, string name)
    {
        var specs = catalog.SpecsFor(name);
        if (specs.Count == 0)
        {
            return new PackageSummary(name, [], Diagnostics.ClosestNames.Find(name, catalog.PackageNames));
        }

        var versions = specs
            .GroupBy(s => s.VersionText, StringComparer.Ordinal)
            .OrderByDescending(g => SpackVersion.TryParse(g.Key, out var v) ? v : null)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PackageVersionSummary(
                g.Key,
                Distinct(g.Select(s => s.Arch.ToString())),
                Distinct(g.Select(s => s.CompilerText)),
                Distinct(g.SelectMany(s => s.Stacks)),
                g.ToList()))
            .ToList();
        return new PackageSummary(name, versions, []);
    }

    private static List<string> Distinct(IEnumerable<string> values) =>
        values.Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal).ToList();
}
