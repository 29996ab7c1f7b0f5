namespace CacheTasks.Specs;

/// <summary>
/// <c>target=…</c> in a spec: a comma-separated list whose targets are the union of its elements
/// (<see cref="TargetInterval"/>), as Spack reads it (lib/spack/spack/spec.py at
/// 00018e3439b1e0d3b53653ee29a2c29816073d74, <c>_make_microarchitecture</c> and
/// <c>ArchSpec._target_satisfies</c>): <c>target=:broadwell,icelake</c> is broadwell or an
/// ancestor of it, or icelake; <c>target=x86_64_v3:,aarch64</c> x86_64_v3 or a descendant, or
/// aarch64. What a list contains is decided by <c>Concrete/TargetRange</c>, the one set of rules.
/// </summary>
public sealed class TargetConstraint : IEquatable<TargetConstraint>
{
    private readonly string _text;

    private TargetConstraint(string text, IReadOnlyList<TargetInterval> intervals)
    {
        _text = text;
        Intervals = intervals;
    }

    /// <summary>The elements of the list, in the order written; never empty.</summary>
    public IReadOnlyList<TargetInterval> Intervals { get; }

    /// <summary>True when the list is one target, not a range: what a concrete spec's target is.</summary>
    public bool IsConcrete => Intervals.Count == 1 && Intervals[0].IsPoint;

    /// <summary>Every target name the list mentions, each once, for checking that each is known.</summary>
    public IEnumerable<string> Names => Intervals.SelectMany(i => i.Names).Distinct(StringComparer.Ordinal);

    /// <summary>Reads a <c>target=</c> value as written; an empty element (<c>a,,b</c>) is left out.</summary>
    public static TargetConstraint Parse(string value)
    {
        var intervals = value.Split(',').Where(e => e.Length > 0).Select(TargetInterval.Parse).ToList();
        return new TargetConstraint(value, intervals.Count == 0 ? [TargetInterval.Parse(value)] : intervals);
    }

    /// <summary>One target, as a concrete spec has it.</summary>
    public static TargetConstraint Exactly(string target) => new(target, [TargetInterval.Point(target)]);

    public bool Equals(TargetConstraint? other) => other is not null && other._text == _text;

    public override bool Equals(object? obj) => Equals(obj as TargetConstraint);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    /// <summary>The value as written.</summary>
    public override string ToString() => _text;
}
