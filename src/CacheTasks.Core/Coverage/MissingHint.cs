using CacheTasks.Catalog;
using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Coverage;

/// <summary>
/// Says why a row is missing and what is close: the versions available for the arch and which
/// constraint ruled them out, or the arches where the requested build exists.
/// </summary>
internal static class MissingHint
{
    private const int MostListed = 5;

    public static string For(Requirement requirement, SpackArch arch, string? stack, IReadOnlyList<CatalogSpec> candidates, SpecMatcher matcher)
    {
        var inStack = candidates.Where(c => stack is null || c.Stacks.Contains(stack)).ToList();
        if (inStack.Count == 0)
        {
            return string.Format(Messages.HintNotInStack, requirement.Name, stack);
        }

        var forArch = inStack.Where(c => matcher.CheckArch(requirement.Spec, arch, c) == Mismatch.None).ToList();
        if (forArch.Count > 0)
        {
            var reasons = forArch
                .GroupBy(c => SpecMatcher.CheckBuild(requirement, c))
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.Key)
                .First().Key;
            return string.Format(Messages.HintAvailableForArch, arch, Versions(forArch), Describe(reasons, requirement));
        }

        var sameBuild = inStack.Where(c => SpecMatcher.CheckBuild(requirement, c) == Mismatch.None).ToList();
        if (sameBuild.Count > 0)
        {
            return string.Format(Messages.HintExistsElsewhere, Versions(sameBuild), Arches(sameBuild));
        }

        return string.Format(Messages.HintNoBuildForArch, requirement.Name, arch, Arches(inStack));
    }

    private static string Versions(IEnumerable<CatalogSpec> specs)
    {
        var versions = specs.SelectMany(s => s.Versions).Distinct().OrderByDescending(v => v).ToList();
        var listed = string.Join(", ", versions.Take(MostListed).Select(v => v.Text));
        return versions.Count > MostListed ? listed + ", …" : listed;
    }

    private static string Arches(IEnumerable<CatalogSpec> specs)
    {
        var arches = specs.Select(s => s.Arch.ToString()).Distinct().OrderBy(a => a, StringComparer.Ordinal).ToList();
        var listed = string.Join(", ", arches.Take(MostListed));
        return arches.Count > MostListed ? listed + ", …" : listed;
    }

    private static string Describe(Mismatch mismatch, Requirement requirement)
    {
        var spec = requirement.Spec;
        return mismatch switch
        {
            Mismatch.Version => requirement.NuGetVersions is { } range
                ? string.Format(Messages.HintRuledOutNuGetVersion, range.OriginalString ?? range.ToString())
                : string.Format(Messages.HintRuledOut, "@" + spec.Versions.Text),
            Mismatch.Variant => string.Format(Messages.HintRuledOut, string.Join(" ", spec.Variants.Select(v => v.Text))),
            Mismatch.Compiler => string.Format(Messages.HintRuledOut, spec.Compiler?.Text),
            _ => string.Format(Messages.HintRuledOut, mismatch.ToString().ToLowerInvariant()),
        };
    }
}
