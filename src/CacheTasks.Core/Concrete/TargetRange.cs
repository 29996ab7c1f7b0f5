using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Concrete;

/// <summary>
/// The one set of target-range rules, as Spack has them (lib/spack/spack/spec.py at
/// 00018e3439b1e0d3b53653ee29a2c29816073d74): a <c>target=</c> list is the union of its elements;
/// an element <c>T</c> is T alone, <c>T:</c> T and every target descending from it, <c>:T</c> T and
/// every target it descends from (down to its family), <c>A:B</c> the targets between, <c>:</c> any.
/// "A ≥ B" is A = B or B an ancestor of A in the microarchitecture table. Coverage, dependency
/// nodes, <c>when:</c> conditions and matrix <c>exclude:</c> all use it.
/// </summary>
public static class TargetRange
{
    /// <summary>Whether a concrete target lies in the list (any target when there is none): some element holds it.</summary>
    public static bool Contains(MicroarchitectureTable table, TargetConstraint? range, string target)
    {
        if (range is null)
        {
            return true;
        }

        foreach (var interval in range.Intervals)
        {
            if (ElementContains(table, interval, target))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether every target of <paramref name="inner"/> is also in <paramref name="outer"/>: Spack's
    /// <c>ArchSpec._target_satisfies(inner, outer)</c>, each element of the inner list covered by
    /// the outer list (<c>_covered_by_target_list</c>).
    /// </summary>
    public static bool Within(MicroarchitectureTable table, TargetConstraint inner, TargetConstraint outer) =>
        inner.Intervals.All(element => Covered(table, element, outer.Intervals));

    // _covered_by_target_list: inside one outer element, or (a range bounded above by a known
    // target, so with finitely many members) each of its targets inside some outer element.
    private static bool Covered(MicroarchitectureTable table, TargetInterval element, IReadOnlyList<TargetInterval> outer)
    {
        if (outer.Any(o => ElementWithin(table, element, o)))
        {
            return true;
        }

        if (outer.Count == 1 || element.IsPoint || !IsBoundedInTable(table, element))
        {
            return false;
        }

        return Members(table, element).All(member => outer.Any(o => ElementContains(table, o, member)));
    }

    // _satisfies_target_range(outer, inner): whether every target of one element is in another.
    private static bool ElementWithin(MicroarchitectureTable table, TargetInterval inner, TargetInterval outer)
    {
        if (inner.IsPoint)
        {
            return ElementContains(table, outer, inner.Lower!);
        }

        if (outer.IsPoint)
        {
            // A range lies inside a single target only when it denotes that target alone (:x86_64).
            return IsBoundedInTable(table, inner) && Members(table, inner).All(m => m == outer.Lower);
        }

        if (outer.Lower is not null)
        {
            if (inner.Lower is null && inner.Upper is null)
            {
                return false;
            }

            // The lowest target of the inner range: its own bound, or the family of its upper bound.
            var floor = inner.Lower ?? table.FamilyOf(inner.Upper!);
            if (!AtLeast(table, floor, outer.Lower))
            {
                return false;
            }
        }

        return outer.Upper is null || (inner.Upper is not null && AtLeast(table, outer.Upper, inner.Upper));
    }

    private static bool ElementContains(MicroarchitectureTable table, TargetInterval interval, string target) =>
        interval.IsPoint
            ? interval.Lower == target
            : (interval.Lower is null || AtLeast(table, target, interval.Lower)) && (interval.Upper is null || AtLeast(table, interval.Upper, target));

    private static bool IsBoundedInTable(MicroarchitectureTable table, TargetInterval interval) =>
        interval.Upper is not null && table.Contains(interval.Upper) && (interval.Lower is null || table.Contains(interval.Lower));

    // _closed_interval_targets: the upper bound and its ancestors, at least the lower bound.
    private static IEnumerable<string> Members(MicroarchitectureTable table, TargetInterval interval) =>
        table.AncestorsOf(interval.Upper!).Append(interval.Upper!).Where(t => interval.Lower is null || AtLeast(table, t, interval.Lower));

    private static bool AtLeast(MicroarchitectureTable table, string target, string bound) =>
        target == bound || table.AncestorsOf(target).Contains(bound);
}
