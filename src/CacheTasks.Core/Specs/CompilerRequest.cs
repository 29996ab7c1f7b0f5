namespace CacheTasks.Specs;

/// <summary><c>%name[@versions]</c> in a requirement.</summary>
public sealed record CompilerRequest(string Name, VersionConstraint Versions, string Text)
{
    public bool IsSatisfiedBy(SpecCompiler? compiler) =>
        compiler is not null
        && CompilerNames.AreSame(Name, compiler.Name)
        && (compiler.Version is null ? Versions == VersionConstraint.Any : Versions.Contains(compiler.Version));

    public override string ToString() => Text;
}
