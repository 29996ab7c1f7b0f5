namespace CacheTasks.Specs;

/// <summary>
/// What a requirement's spec asks of a binary: <c>name[@versions] [+v ~v k=v] [platform= os=
/// target= arch=] [%compiler[@versions]] [^dep …] [%dep …]</c>. Parsed by <see cref="SpecParser"/>.
/// </summary>
public sealed record SpecConstraint(
    string Text,
    string Name,
    VersionConstraint Versions,
    IReadOnlyList<VariantRequest> Variants,
    CompilerRequest? Compiler,
    string? Platform,
    string? Os,
    TargetConstraint? Target)
{
    /// <summary><c>platform=*</c>, <c>os=*</c>: any value, as long as there is one (Spack's <c>ArchSpec._attr_satisfies</c>).</summary>
    public const string AnyArchValue = "*";

    /// <summary>
    /// A hash prefix (<c>/abc123</c>): only the binary whose hash starts with it matches, as in Spack.
    /// </summary>
    public string? Hash { get; init; }

    /// <summary>
    /// The dependency clauses of this node, in the order written: every <c>^dep</c> of the root and
    /// every <c>%dep</c> of this node, except the one <see cref="Compiler"/> stands for. Catalog pages
    /// say nothing about a binary's dependencies, so these are read and kept but not checked there.
    /// </summary>
    public IReadOnlyList<DependencyClause> Dependencies { get; init; } = [];

    /// <summary>
    /// How Spack before 1.0 read the same text when something follows a <c>%compiler</c>, of the root
    /// or of a dependency (<c>lz4 %gcc target=x86_64</c> → <c>lz4 target=x86_64 %gcc</c>): each
    /// compiler node's variants and arch moved before it, onto its package. Null on the root when
    /// nothing follows any compiler, and on every other node.
    /// </summary>
    public string? LegacyReading { get; init; }

    /// <summary>
    /// On the root: every clause, of the root or of any dependency, whose meaning changed in Spack
    /// 1.0 because variants or arch follow its <c>%compiler</c>, in the order written.
    /// </summary>
    public IReadOnlyList<LegacyCompilerClause> LegacyClauses { get; init; } = [];

    /// <summary>
    /// Whether a spec with <paramref name="hash"/> meets this spec's <c>/hash</c>: a prefix of it, as
    /// Spack's <c>_satisfies_node</c> has it (a spack.lock root gives the whole hash). The one rule
    /// for concrete nodes and abstract specs alike.
    /// </summary>
    public bool HashSatisfiedBy(string? hash) => Hash is null || (hash is not null && hash.StartsWith(Hash, StringComparison.Ordinal));

    /// <summary>True when the spec has an explicit <c>@</c>.</summary>
    public bool HasVersions => !ReferenceEquals(Versions, VersionConstraint.Any);

    /// <summary>True when the node asks for nothing beyond its name and versions.</summary>
    public bool IsNameAndVersionOnly =>
        Variants.Count == 0 && Compiler is null && Platform is null && Os is null && Target is null && Hash is null && Dependencies.Count == 0;

    public override string ToString() => Text;
}
