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
    /// <summary>True when the spec has an explicit <c>@</c>.</summary>
    public bool HasVersions => !ReferenceEquals(Versions, VersionConstraint.Any);

    public override string ToString() => Text;
}
