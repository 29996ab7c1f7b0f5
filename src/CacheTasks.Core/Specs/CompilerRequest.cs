namespace CacheTasks.Specs;

/// <summary>
/// The compiler a spec asks for: <c>%name[@versions]</c>, or a <c>%</c> clause whose edge provides
/// <c>c</c>, <c>cxx</c> or <c>fortran</c> (<c>%c=gcc</c>). Cache pages record a binary's compiler as
/// a name and a version, so only those are matched; whatever else <see cref="Node"/> asks of the
/// compiler (its variants and arch, as Spack ≥ 1.0 binds them) is in <see cref="NodeConstraintsText"/>.
/// </summary>
public sealed record CompilerRequest(string Name, VersionConstraint Versions, string Text)
{
    /// <summary>The clause the compiler was written as; null for legacy page specs.</summary>
    public DependencyClause? Clause { get; init; }

    /// <summary>The compiler node's constraints (name, versions, variants, arch…); null for legacy page specs.</summary>
    public SpecConstraint? Node => Clause?.Node;

    /// <summary>
    /// The compiler node's constraints besides its name and version (<c>target=x86_64</c>, <c>+binutils</c>),
    /// as written; empty when there are none.
    /// </summary>
    public IReadOnlyList<string> NodeConstraints { get; init; } = [];

    public string NodeConstraintsText => string.Join(" ", NodeConstraints);

    public bool IsSatisfiedBy(SpecCompiler? compiler) =>
        compiler is not null
        && CompilerNames.AreSame(Name, compiler.Name)
        && (compiler.Version is null ? Versions == VersionConstraint.Any : Versions.Contains(compiler.Version));

    public override string ToString() => Text;
}
