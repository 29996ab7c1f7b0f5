using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Coverage;

/// <summary>
/// Says why a row is missing and what is close: the versions available for the arch nearest to
/// the one asked for and which constraint ruled them out (version, variant, compiler, target,
/// stack), and the arches where the requested build exists. The same text is the CT1001 hint,
/// the <c>Hint</c> metadata and <c>hint</c> in coverage.json.
/// </summary>
internal static class MissingHint
{
    private const int MostListed = 5;

    // How many binaries a hint reads the graphs of to learn what a package provides.
    private const int MostSearched = 20;

    /// <summary>
    /// The hint and the constraint that ruled the closest candidates out, from the checker's
    /// <paramref name="verdicts"/> on the binaries in the requested stack.
    /// </summary>
    public static (string Text, Mismatch Reason) Explain(Requirement requirement, SpackArch arch, string? stack, IReadOnlyList<CatalogSpec> candidates, IReadOnlyList<CandidateVerdict> verdicts, SpecMatcher matcher)
    {
        if (verdicts.Count == 0)
        {
            var stacks = candidates.SelectMany(c => c.Stacks).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
            var text = string.Format(Messages.HintNotInStack, requirement.Name, stack);
            return (stacks.Count == 0 ? text : text + string.Format(Messages.HintStacksAvailable, Listed(stacks)), Mismatch.Stack);
        }

        var sameBuild = verdicts.Where(v => v.Build == Mismatch.None).Select(v => v.Spec).ToList();
        var forArch = verdicts.Where(v => v.Arch == Mismatch.None).ToList();
        if (forArch.Count > 0)
        {
            var reason = forArch
                .GroupBy(v => v.Build)
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.Key)
                .First().Key;
            var text = string.Format(Messages.HintAvailableForArch, arch, NearestVersions(forArch.Select(v => v.Spec), requirement), Describe(reason, requirement, forArch, verdicts));
            if (sameBuild.Count > 0)
            {
                text += "; " + ExistsElsewhere(sameBuild);
            }

            return (text, reason);
        }

        // Binaries that run on the arch, excluded only by the requirement's own platform=, os= or target=.
        var unnarrowed = requirement.Spec with { Platform = null, Os = null, Target = null };
        var narrowedOut = verdicts.Select(v => v.Spec).Where(c => matcher.CheckArch(unnarrowed, arch, c) == Mismatch.None).ToList();
        if (narrowedOut.Count > 0)
        {
            var reason = verdicts.First(v => ReferenceEquals(v.Spec, narrowedOut[0])).Arch;
            var text = string.Format(Messages.HintAvailableForArch, arch, NearestVersions(narrowedOut, requirement), string.Format(Messages.HintRuledOut, Narrowing(requirement.Spec)));
            var elsewhere = sameBuild.Except(narrowedOut).ToList();
            return (elsewhere.Count == 0 ? text : text + "; " + ExistsElsewhere(elsewhere), reason);
        }

        if (sameBuild.Count > 0)
        {
            var reason = verdicts.Where(v => v.Build == Mismatch.None).GroupBy(v => v.Arch).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
            return (ExistsElsewhere(sameBuild), reason);
        }

        var archReason = verdicts.GroupBy(v => v.Arch).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        return (string.Format(Messages.HintNoBuildForArch, requirement.Name, arch, Arches(verdicts.Select(v => v.Spec))), archReason);
    }

    /// <summary>
    /// Up to five versions closest to the one asked for (its lower bound, else its upper), newest
    /// first; without a Spack version to aim at, the newest.
    /// </summary>
    private static string NearestVersions(IEnumerable<CatalogSpec> specs, Requirement requirement)
    {
        var versions = specs.SelectMany(s => s.Versions).Distinct().OrderBy(v => v).ToList();
        var range = requirement.NuGetVersions is null && requirement.Spec.HasVersions ? (requirement.Spec.Versions.Ranges.Count > 0 ? requirement.Spec.Versions.Ranges[0] : null) : null;
        var target = range?.Lower ?? range?.Upper;
        List<SpackVersion> chosen;
        if (target is null || versions.Count <= MostListed)
        {
            chosen = versions.Skip(Math.Max(0, versions.Count - MostListed)).ToList();
        }
        else
        {
            // Grow a window outwards from where the requested version would sit.
            var split = versions.FindIndex(v => v.CompareTo(target) >= 0);
            if (split < 0)
            {
                split = versions.Count;
            }

            int low = split - 1, high = split;
            chosen = [];
            while (chosen.Count < MostListed && (low >= 0 || high < versions.Count))
            {
                if (low >= 0)
                {
                    chosen.Add(versions[low--]);
                }

                if (chosen.Count < MostListed && high < versions.Count)
                {
                    chosen.Add(versions[high++]);
                }
            }
        }

        var listed = string.Join(", ", chosen.OrderByDescending(v => v).Select(v => v.Text));
        return versions.Count > chosen.Count ? listed + ", …" : listed;
    }

    private static string ExistsElsewhere(IReadOnlyList<CatalogSpec> specs)
    {
        var several = specs.SelectMany(s => s.Versions).Distinct().Skip(1).Any();
        return string.Format(several ? Messages.HintExistElsewhere : Messages.HintExistsElsewhere, Versions(specs), Arches(specs));
    }

    private static string Narrowing(SpecConstraint spec)
    {
        var parts = new List<string>();
        if (spec.Platform is not null)
        {
            parts.Add("platform=" + spec.Platform);
        }

        if (spec.Os is not null)
        {
            parts.Add("os=" + spec.Os);
        }

        if (spec.Target is not null)
        {
            parts.Add("target=" + spec.Target);
        }

        return string.Join(" ", parts);
    }

    private static string Versions(IEnumerable<CatalogSpec> specs)
    {
        var versions = specs.SelectMany(s => s.Versions).Distinct().OrderByDescending(v => v).ToList();
        return Listed(versions.Select(v => v.Text).ToList());
    }

    private static string Arches(IEnumerable<CatalogSpec> specs) =>
        Listed(specs.Select(s => s.Arch.ToString()).Distinct().OrderBy(a => a, StringComparer.Ordinal).ToList());

    private static string Listed(IReadOnlyList<string> items)
    {
        var listed = string.Join(", ", items.Take(MostListed));
        return items.Count > MostListed ? listed + ", …" : listed;
    }

    private static string Describe(Mismatch mismatch, Requirement requirement, IReadOnlyList<CandidateVerdict> forArch, IReadOnlyList<CandidateVerdict> all)
    {
        var spec = requirement.Spec;
        switch (mismatch)
        {
            case Mismatch.Version:
                return requirement.NuGetVersions is { } range
                    ? string.Format(Messages.HintRuledOutNuGetVersion, range.OriginalString ?? range.ToString())
                    : string.Format(Messages.HintRuledOut, "@" + spec.Versions.Text);
            case Mismatch.Variant:
            {
                // Name the variant that rules out the most binaries of a fitting version, and what they have instead.
                var fitting = forArch.Where(v => v.Build == Mismatch.Variant).Select(v => v.Spec).ToList();
                var variant = spec.Variants.OrderByDescending(v => fitting.Count(c => !c.Variants.Satisfies(v))).First();
                var have = fitting.SelectMany(c => c.Variants.Written).Where(w => VariantName(w) == variant.Name).Distinct().OrderBy(w => w, StringComparer.Ordinal).ToList();
                var text = string.Format(Messages.HintRuledOut, variant.Text);
                return have.Count == 0 ? text + string.Format(Messages.HintBinariesLack, variant.Name) : text + string.Format(Messages.HintBinariesHave, Listed(have));
            }

            case Mismatch.Compiler:
            {
                var compilers = forArch.Select(v => v.Spec.CompilerText).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToList();
                return string.Format(Messages.HintRuledOut, spec.Compiler?.Text) + string.Format(Messages.HintBinariesHave, Listed(compilers));
            }

            case Mismatch.Hash:
                return string.Format(Messages.HintRuledOut, "/" + spec.Hash);

            case Mismatch.Dependency:
                return DescribeDependency(requirement, forArch, all);

            default:
                return string.Format(Messages.HintRuledOut, mismatch.ToString().ToLowerInvariant());
        }
    }

    /// <summary>
    /// The clause that ruled out the most binaries fitting otherwise, and what they were built with
    /// instead: nodes of that name, or providers of what the asked-for package provides (learned
    /// from the graphs of the package's other binaries: <c>^openmpi</c> → the binaries' <c>mpi</c>).
    /// </summary>
    private static string DescribeDependency(Requirement requirement, IReadOnlyList<CandidateVerdict> forArch, IReadOnlyList<CandidateVerdict> all)
    {
        var failing = forArch.Where(v => v.Build == Mismatch.Dependency && v.FailedClause is not null).ToList();
        var clause = failing.GroupBy(v => v.FailedClause!.Text).OrderByDescending(g => g.Count()).First().First().FailedClause!;
        var ruledOut = failing.Where(v => v.FailedClause!.Text == clause.Text).Select(v => v.Spec).ToList();
        var provides = SpecMatcher.VirtualsProvidedBy(clause.Node.Name, all.Select(v => v.Spec).Take(MostSearched));
        var have = SpecMatcher.NodesFor(clause, ruledOut.Take(MostSearched).ToList(), provides)
            .Select(n => clause.Sigil + n.Name + (n.Versions.Count == 0 ? string.Empty : "@" + n.VersionText))
            .Distinct()
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        var text = string.Format(Messages.HintRuledOut, clause.Text);
        return text + (have.Count == 0
            ? string.Format(Messages.HintDependencyAbsent, ruledOut.Count, requirement.Name, clause.Sigil + clause.Node.Name)
            : string.Format(Messages.HintDependencyBuiltWith, ruledOut.Count, requirement.Name, Listed(have)));
    }

    // Pages write "+cuda", "~cuda", "cuda_arch=80", "cuda_arch:=80"; the name is what precedes '=' or ':=' or follows '+'/'~'.
    private static string VariantName(string written)
    {
        var text = written.TrimStart('+', '~', '-');
        var end = text.IndexOfAny([':', '=']);
        return end < 0 ? text : text.Substring(0, end);
    }
}
