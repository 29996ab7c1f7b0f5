namespace CacheTasks.Specs;

/// <summary>
/// A <c>%compiler</c> clause followed by variants or arch (<c>^bzip2 %gcc@7.3.0 +shared</c>): Spack
/// ≥ 1.0 gives them to the compiler, Spack before 1.0 gave them to the package.
/// </summary>
/// <param name="Package">The package whose compiler it is (<c>bzip2</c>); empty for an anonymous spec.</param>
/// <param name="Compiler">The compiler as written (<c>%gcc@7.3.0</c>).</param>
/// <param name="Constraints">What follows it (<c>+shared arch=linux-ubuntu18.04-x86_64</c>).</param>
public sealed record LegacyCompilerClause(string Package, string Compiler, string Constraints);
