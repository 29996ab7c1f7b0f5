using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Concrete;

/// <summary>
/// Whether one abstract spec satisfies another (everything the second asks, the first asks too),
/// for a matrix's <c>exclude:</c> list as Spack applies it. Conservative: when in doubt a
/// combination is not excluded, so it is checked rather than silently dropped. Targets by the one
/// set of range rules (<see cref="TargetRange.Within"/>).
/// </summary>
internal static class AbstractSatisfaction
{
    public static bool Satisfies(SpecConstraint spec, SpecConstraint other, MicroarchitectureTable table) =>
        (other.Name.Length == 0 || other.Name == spec.Name) && SatisfiesOptions(spec, other, table);

    // Everything but the name, so compiler nodes can be compared under their aliases (clang = llvm).
    private static bool SatisfiesOptions(SpecConstraint spec, SpecConstraint other, MicroarchitectureTable table)
    {
        if (other.HasVersions && !(spec.HasVersions && Within(spec.Versions, other.Versions)))
        {
            return false;
        }

        foreach (var wanted in other.Variants)
        {
            var have = spec.Variants.FirstOrDefault(v => v.Name == wanted.Name);
            if (have is null || !(wanted.Exact ? have.Values.OrderBy(v => v).SequenceEqual(wanted.Values.OrderBy(v => v)) : wanted.Values.All(have.Values.Contains)))
            {
                return false;
            }
        }

        if (other.Compiler is { } compiler && !(spec.Compiler is { } own && CompilerNames.AreSame(own.Name, compiler.Name) && (ReferenceEquals(compiler.Versions, VersionConstraint.Any) || Within(own.Versions, compiler.Versions))
            && (compiler.Node is null || own.Node is null || SatisfiesOptions(own.Node, compiler.Node, table))))
        {
            return false;
        }

        if ((other.Platform is not null && other.Platform != spec.Platform)
            || (other.Os is not null && other.Os != spec.Os)
            || (other.Target is not null && !(spec.Target is not null && TargetRange.Within(table, spec.Target, other.Target))))
        {
            return false;
        }

        if (other.Hash is not null && (spec.Hash is null || !spec.Hash.StartsWith(other.Hash, StringComparison.Ordinal)))
        {
            return false;
        }

        // A direct dependency is a dependency too: ^x is satisfied by %x, %x only by %x.
        return other.Dependencies.All(d => spec.Dependencies.Any(own =>
            (!d.IsDirect || own.IsDirect) && d.Virtuals.All(own.Virtuals.Contains) && Satisfies(own.Node, d.Node, table)));
    }

    // Every version the first constraint allows, the second allows: each range's ends lie in one of the other's ranges.
    private static bool Within(VersionConstraint inner, VersionConstraint outer) =>
        inner.Ranges.All(range => outer.Ranges.Any(o =>
            (range.Lower is null ? o.Lower is null && !o.IsExact : o.Contains(range.Lower))
            && (range.Upper is null ? o.Upper is null && !o.IsExact : o.Contains(range.Upper))));
}
