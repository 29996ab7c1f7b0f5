using CacheTasks.Diagnostics;
using CacheTasks.Platform;
using CacheTasks.Requirements;

namespace CacheTasks.Environments;

/// <summary>
/// Reads an environment for the arches being checked: <c>when:</c> conditions (and <c>$platform</c>,
/// <c>$target</c> in include paths) see the values of each arch, as Spack would on a machine of that
/// arch. When every arch gives the same specs (the usual case) they are returned once; otherwise a
/// spec that only some arches give carries those arches (<see cref="RequirementInput.Arch"/>), so it
/// is checked only there.
/// </summary>
public static class EnvironmentArches
{
    public static IReadOnlyList<RequirementInput> Read(EnvironmentInput input, EnvironmentContext context, IReadOnlyList<SpackArch> arches, ICollection<Diagnostic> diagnostics, ICollection<string>? includedFiles = null)
    {
        var distinct = arches.Distinct().ToList();
        if (distinct.Count <= 1)
        {
            return EnvironmentReader.Read(input, distinct.Count == 1 ? context with { Host = distinct[0] } : context, diagnostics, includedFiles);
        }

        var perArch = new List<(SpackArch Arch, IReadOnlyList<RequirementInput> Inputs)>();
        var seen = new HashSet<Diagnostic>();
        foreach (var arch in distinct)
        {
            var found = new List<Diagnostic>();
            perArch.Add((arch, EnvironmentReader.Read(input, context with { Host = arch }, found, includedFiles)));
            foreach (var diagnostic in found.Where(seen.Add))
            {
                diagnostics.Add(diagnostic);
            }
        }

        static (string, SourceLocation?) Key(RequirementInput i) => (i.Text, i.Location);
        var first = perArch[0].Inputs.Select(Key).ToList();
        if (perArch.All(p => p.Inputs.Select(Key).SequenceEqual(first)))
        {
            return perArch[0].Inputs;
        }

        // In the order the specs first appear, each with the arches that give it.
        var order = new List<(string, SourceLocation?)>();
        var byKey = new Dictionary<(string, SourceLocation?), (RequirementInput Input, List<SpackArch> Arches)>();
        foreach (var (arch, inputs) in perArch)
        {
            foreach (var i in inputs)
            {
                if (!byKey.TryGetValue(Key(i), out var entry))
                {
                    entry = (i, []);
                    byKey[Key(i)] = entry;
                    order.Add(Key(i));
                }

                if (!entry.Arches.Contains(arch))
                {
                    entry.Arches.Add(arch);
                }
            }
        }

        return order.Select(k => byKey[k]).Select(e => e.Arches.Count == distinct.Count ? e.Input : e.Input with { Arch = string.Join(";", e.Arches) }).ToList();
    }
}
