using CacheTasks.Diagnostics;
using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Catalog;

/// <summary>One prebuilt binary the catalog lists: a concrete spec with its hash and arch.</summary>
public sealed record CatalogSpec(
    string Name,
    IReadOnlyList<SpackVersion> Versions,
    string? Hash,
    string Platform,
    string Os,
    string Target,
    SpecCompiler? Compiler,
    VariantSet Variants,
    IReadOnlyList<string> Stacks,
    string? Tag,
    SourceLocation Source)
{
    public SpackArch Arch => new(Platform, Os, Target);

    /// <summary>The version to show: the first the page lists (pages list one in practice).</summary>
    public string VersionText => Versions.Count == 0 ? string.Empty : Versions[0].Text;

    /// <summary>The compiler as reports write it: <c>gcc@11.4.0</c>, or <c>none</c>.</summary>
    public string CompilerText => Compiler?.ToString() ?? SpecCompiler.None;
}
