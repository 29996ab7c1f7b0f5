namespace CacheTasks.Coverage;

/// <summary>The first constraint of a requirement that a catalog spec fails, for hints.</summary>
public enum Mismatch
{
    None,
    Stack,
    Platform,
    Os,
    Target,
    Version,
    Variant,
    Compiler,
    Hash,

    /// <summary>A <c>^dep</c> or <c>%dep</c> clause that no node of the binary's dependency graph satisfies.</summary>
    Dependency,
}
