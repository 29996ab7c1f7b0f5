namespace CacheTasks.Specs;

/// <summary>How a <c>target=</c> in a requirement narrows the arch's target.</summary>
public enum TargetMatch
{
    /// <summary><c>target=T</c>: the binary's target is exactly T.</summary>
    Exactly,

    /// <summary><c>target=T:</c>: T or a newer descendant of T.</summary>
    OrDescendant,

    /// <summary><c>target=:T</c>: T or an older ancestor of T.</summary>
    OrAncestor,
}

/// <summary><c>target=…</c> in a requirement.</summary>
public sealed record TargetConstraint(string Name, TargetMatch Match)
{
    public static TargetConstraint Parse(string value) =>
        value.EndsWith(":", StringComparison.Ordinal) ? new TargetConstraint(value.TrimEnd(':'), TargetMatch.OrDescendant)
        : value.StartsWith(":", StringComparison.Ordinal) ? new TargetConstraint(value.TrimStart(':'), TargetMatch.OrAncestor)
        : new TargetConstraint(value, TargetMatch.Exactly);

    public override string ToString() => Match switch
    {
        TargetMatch.OrDescendant => Name + ":",
        TargetMatch.OrAncestor => ":" + Name,
        _ => Name,
    };
}
