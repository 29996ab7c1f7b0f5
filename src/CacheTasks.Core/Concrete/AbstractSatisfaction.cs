using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Concrete;

/// <summary>
/// Whether one abstract spec satisfies another (everything the second asks, the first asks too),
/// for a matrix's <c>exclude:</c> list as Spack applies it. Conservative: when in doubt a
/// combination is not excluded, so it is checked rather than silently dropped. The arch by the one
/// arch rule (<see cref="ArchSatisfaction"/>, with the target-list rules), the variants by the one
/// variant rule (<see cref="VariantSet.Satisfies"/>), as a concrete node's are.
/// </summary>
internal static class AbstractSatisfaction
{
    public static bool Satisfies(SpecConstraint spec, SpecConstraint other, MicroarchitectureTable table) =>
        (other.Name.Length == 0 || other.Name == spec.Name) && SatisfiesOptions(spec, other, table);

    // Everything but the name, so compiler nodes can be compared under their aliases (clang = llvm).
    private static bool SatisfiesOptions(SpecConstraint spec, SpecConstraint other, MicroarchitectureTable table)
    {
        if (other.HasVersions && !(spec.HasVersions && spec.Versions.IsWithin(other.Versions)))
        {
            return false;
        }

        // The variants the spec asks for, read as a concrete spec's are, so both meet one rule (VariantSet.Satisfies).
        if (other.Variants.Count > 0)
        {
            var have = VariantSet.FromStrings(spec.Variants.Select(v => v.Name + "=" + string.Join(",", v.Values)).ToList());
            if (!other.Variants.All(have.Satisfies))
            {
                return false;
            }
        }

        if (other.Compiler is { } compiler && !(spec.Compiler is { } own && CompilerNames.AreSame(own.Name, compiler.Name) && (ReferenceEquals(compiler.Versions, VersionConstraint.Any) || own.Versions.IsWithin(compiler.Versions))
            && (compiler.Node is null || own.Node is null || SatisfiesOptions(own.Node, compiler.Node, table))))
        {
            return false;
        }

        if (!ArchSatisfaction.Satisfies(spec.Platform, spec.Os, spec.Target, other, table))
        {
            return false;
        }

        if (!other.HashSatisfiedBy(spec.Hash))
        {
            return false;
        }

        // A direct dependency is a dependency too: ^x is satisfied by %x, %x only by %x. Virtuals and
        // deptypes by subset, as _satisfies_edge_attributes has them.
        return other.Dependencies.All(d => spec.Dependencies.Any(own =>
            (!d.IsDirect || own.IsDirect) && d.Virtuals.All(own.Virtuals.Contains) && d.Deptypes.All(own.Deptypes.Contains) && Satisfies(own.Node, d.Node, table)));
    }
}
