using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Platform;

namespace CacheTasks.Coverage;

/// <summary>
/// What the catalog has instead of a locked dependency it lacks by exact hash, on one arch: the
/// package under another hash (and how the closest such binary differs from the locked node:
/// version, variants, compiler), the package only for other arches, or not the package at all.
/// The arch is judged by the same rules as any binary (<see cref="SpecMatcher.RunsOn"/>).
/// </summary>
internal static class LockedDependencyHint
{
    /// <summary><c>zlib/abc… (the catalog has zlib for this arch only under another hash: version 1.3.1, not 1.3)</c>.</summary>
    public static string Explain(LockedDependency dependency, SpackCatalog catalog, SpackArch arch, SpecMatcher matcher)
    {
        var named = dependency.ToString();
        var candidates = catalog.SpecsFor(dependency.Name);
        if (candidates.Count == 0)
        {
            return string.Format(Messages.LockedDependencyNotInCatalog, named);
        }

        var forArch = candidates.Where(c => matcher.RunsOn(c, arch)).ToList();
        if (forArch.Count == 0)
        {
            return string.Format(Messages.LockedDependencyNotForArch, named, dependency.Name);
        }

        if (dependency.Node is not { } locked)
        {
            return string.Format(Messages.LockedDependencyOtherHash, named, dependency.Name, Messages.LockedDependencyUnknownNode);
        }

        var closest = forArch.Select(c => Differences(locked, c)).OrderBy(d => d.Count).First();
        var how = closest.Count == 0 ? Messages.LockedDependencySameBuild : string.Join("; ", closest);
        return string.Format(Messages.LockedDependencyOtherHash, named, dependency.Name, how);
    }

    /// <summary>How <paramref name="binary"/> differs from the locked node, in what a requirement could ask: version, variants, compiler.</summary>
    private static List<string> Differences(CatalogSpec locked, CatalogSpec binary)
    {
        var differences = new List<string>();
        if (binary.VersionText != locked.VersionText)
        {
            differences.Add(string.Format(Messages.LockedDependencyVersion, binary.VersionText, locked.VersionText));
        }

        var missing = locked.Variants.Written.Except(binary.Variants.Written, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            // A binary that only lacks some of the locked variants says so, not "variants  instead of …".
            var extra = binary.Variants.Written.Except(locked.Variants.Written, StringComparer.Ordinal).ToList();
            differences.Add(extra.Count == 0
                ? string.Format(Messages.LockedDependencyVariantsLacking, string.Join(" ", missing))
                : string.Format(Messages.LockedDependencyVariants, string.Join(" ", extra), string.Join(" ", missing)));
        }

        if (binary.CompilerText != locked.CompilerText)
        {
            differences.Add(string.Format(Messages.LockedDependencyCompiler, binary.CompilerText, locked.CompilerText));
        }

        return differences;
    }
}
