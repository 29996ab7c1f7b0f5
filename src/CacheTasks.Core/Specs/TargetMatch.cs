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
