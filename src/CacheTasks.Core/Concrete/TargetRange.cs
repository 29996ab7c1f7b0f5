using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Concrete;

/// <summary>
/// The one set of target-range rules, as Spack's <c>_satisfies_target_range</c>
/// (lib/spack/spack/spec.py at 00018e3439b1e0d3b53653ee29a2c29816073d74) has them: <c>target=T</c>
/// is T alone, <c>target=T:</c> T and every target descending from it, <c>target=:T</c> T and every
/// target it descends from (down to its family). "A ≥ B" is A = B or B an ancestor of A in the
/// microarchitecture table. Coverage, <c>when:</c> conditions and matrix <c>exclude:</c> all use it.
/// </summary>
public static class TargetRange
{
    /// <summary>Whether a concrete target lies in the range (any target when there is none).</summary>
    public static bool Contains(MicroarchitectureTable table, TargetConstraint? range, string target) =>
        range is null || Within(table, new TargetConstraint(target, TargetMatch.Exactly), range);

    /// <summary>Whether every target of <paramref name="inner"/> is also in <paramref name="outer"/> (Spack's <c>_satisfies_target_range(outer, inner)</c>).</summary>
    public static bool Within(MicroarchitectureTable table, TargetConstraint inner, TargetConstraint outer)
    {
        if (inner.Match == TargetMatch.Exactly)
        {
            return outer.Match switch
            {
                TargetMatch.Exactly => inner.Name == outer.Name,
                TargetMatch.OrDescendant => AtLeast(table, inner.Name, outer.Name),
                _ => AtLeast(table, outer.Name, inner.Name),
            };
        }

        // A range lies inside a single target only when it is that target alone, which T: and :T never are.
        if (outer.Match == TargetMatch.Exactly)
        {
            return false;
        }

        if (outer.Match == TargetMatch.OrDescendant)
        {
            // The lowest target of the inner range: its own bound, or the family of its upper bound.
            var floor = inner.Match == TargetMatch.OrDescendant ? inner.Name : table.FamilyOf(inner.Name);
            return AtLeast(table, floor, outer.Name);
        }

        // outer is :T: the inner range needs an upper bound, within T.
        return inner.Match == TargetMatch.OrAncestor && AtLeast(table, outer.Name, inner.Name);
    }

    private static bool AtLeast(MicroarchitectureTable table, string target, string bound) =>
        target == bound || table.AncestorsOf(target).Contains(bound);
}
