namespace CacheTasks.Specs;

/// <summary>
/// One element of a <c>target=</c> list, as Spack partitions it at <c>:</c>: a target (<c>zen3</c>),
/// or a range with an optional lower and upper bound (<c>zen2:</c>, <c>:icelake</c>,
/// <c>nocona:haswell</c>, <c>:</c>). A bound is the target itself or one it descends from.
/// </summary>
public sealed record TargetInterval(string? Lower, string? Upper)
{
    /// <summary>True for a single target (<c>zen3</c>, or <c>zen3:zen3</c>): <see cref="Lower"/> and <see cref="Upper"/> are that target.</summary>
    public bool IsPoint { get; private init; }

    /// <summary>A single target.</summary>
    public static TargetInterval Point(string name) => new(name, name) { IsPoint = true };

    /// <summary>
    /// One element as written. <c>*</c> is <c>:</c> (any target), as <c>_make_microarchitecture</c>
    /// reads it; a range whose two bounds are one target is that target.
    /// </summary>
    public static TargetInterval Parse(string element)
    {
        if (element == "*")
        {
            return new TargetInterval(null, null);
        }

        var colon = element.IndexOf(':');
        if (colon < 0)
        {
            return Point(element);
        }

        var lower = element.Substring(0, colon);
        var upper = element.Substring(colon + 1);
        if (lower.Length > 0 && lower == upper)
        {
            return Point(lower);
        }

        return new TargetInterval(lower.Length == 0 ? null : lower, upper.Length == 0 ? null : upper);
    }

    /// <summary>The target names the element names, for checking that each is known.</summary>
    public IEnumerable<string> Names
    {
        get
        {
            if (Lower is not null)
            {
                yield return Lower;
            }

            if (Upper is not null && !IsPoint)
            {
                yield return Upper;
            }
        }
    }

    public override string ToString() => IsPoint ? Lower! : Lower + ":" + Upper;
}
