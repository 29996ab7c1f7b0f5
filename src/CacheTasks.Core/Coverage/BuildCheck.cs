using CacheTasks.Specs;

namespace CacheTasks.Coverage;

/// <summary>
/// How a binary's build (everything but its arch) fits a requirement: the first constraint it
/// fails, the dependency clause when that is what failed, and the clauses it could not verify.
/// </summary>
public readonly record struct BuildCheck(Mismatch Mismatch, DependencyClause? FailedClause, IReadOnlyList<string> Unverified)
{
    public static BuildCheck Failed(Mismatch mismatch) => new(mismatch, null, []);
}
