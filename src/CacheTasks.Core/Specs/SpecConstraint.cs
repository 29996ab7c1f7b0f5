namespace CacheTasks.Specs;

/// <summary>
/// What a requirement's spec asks of a binary: <c>name[@versions] [+v ~v k=v] [platform= os=
/// target= arch=] [%compiler[@versions]]</c>. Parsed by <see cref="SpecParser"/>.
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
    /// <summary>
    /// A hash prefix (<c>/abc123</c>): only the binary whose hash starts with it matches, as in Spack.
    /// </summary>
    public string? Hash { get; init; }

    /// <summary>
    /// The <c>^dependency</c> constraints. Catalog pages say nothing about a binary's dependencies,
    /// so these are read and kept but never checked; only the root package is.
    /// </summary>
    public IReadOnlyList<SpecConstraint> Dependencies { get; init; } = [];

    /// <summary>True when the spec has an explicit <c>@</c>.</summary>
    public bool HasVersions => !ReferenceEquals(Versions, VersionConstraint.Any);

    public override string ToString() => Text;
}
