namespace CacheTasks.Specs;

/// <summary>
/// One dependency clause of a spec as Spack ≥ 1.0 parses it: <c>^dep[…]</c> (a dependency anywhere
/// in the graph) or <c>%dep[…]</c> (a direct dependency), with the edge's attributes
/// (<c>^[virtuals=mpi deptypes=build,link] openmpi</c>, or the shorthands <c>^mpi=openmpi</c> and
/// <c>%c,cxx=gcc</c>) and the node's own constraints, which may carry clauses of their own
/// (<c>^openmpi %gcc</c>: gcc builds openmpi).
/// </summary>
public sealed record DependencyClause(char Sigil, IReadOnlyList<string> Virtuals, IReadOnlyList<string> Deptypes, SpecConstraint Node, string Text)
{
    /// <summary><c>^</c>: any dependency of the graph.</summary>
    public const char Transitive = '^';

    /// <summary><c>%</c>: a direct dependency (Spack ≥ 1.0).</summary>
    public const char Direct = '%';

    /// <summary>The <c>when=</c> edge attribute, kept as written (<c>%[when=+cuda] cuda</c>); null when absent.</summary>
    public string? When { get; init; }

    public bool IsDirect => Sigil == Direct;

    public override string ToString() => Text;
}
