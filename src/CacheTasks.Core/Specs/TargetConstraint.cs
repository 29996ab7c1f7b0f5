namespace CacheTasks.Specs;

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
