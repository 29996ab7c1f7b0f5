using CacheTasks.Diagnostics;
using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Concrete;

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

    /// <summary>
    /// The binary's direct dependencies when the catalog knows its graph (mirror indexes), each
    /// pointing at the dependency's own node; null when it does not (cache pages). In Spack 1.0
    /// indexes (database version 8) compilers are nodes too.
    /// </summary>
    public IReadOnlyList<CatalogDependency>? Dependencies { get; init; }

    /// <summary>
    /// False for a node that is only a dependency (an external, a compiler, an install whose binary
    /// was never pushed): it can be matched as a dependency but is not a binary of the catalog.
    /// </summary>
    public bool InBuildCache { get; init; } = true;

    /// <summary>
    /// True when the index reader left out part of this node's edges (a dependency hash no install
    /// has, an edge back into a cycle) or could not read an edge's virtuals, each with a CT2001:
    /// a clause about this node's dependencies that finds no satisfying edge cannot say the
    /// dependency is absent. Not in the parsed cache: an index with such problems is never cached,
    /// so that its CT2001s are said on every load.
    /// </summary>
    public bool GraphIncomplete { get; init; }

    /// <summary>
    /// Whether the binary's compilers are nodes of its graph (database v8, Spack ≥ 1.0): an edge
    /// provides <c>c</c>, <c>cxx</c> or <c>fortran</c>.
    /// </summary>
    public bool HasCompilerNodes
    {
        get
        {
            foreach (var edge in Dependencies ?? [])
            {
                foreach (var virtualName in edge.Virtuals)
                {
                    if (CompilerNames.IsLanguage(virtualName))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }

    /// <summary>
    /// The compiler when it is recorded by name and version only — a database v6/v7
    /// <c>compiler</c> object, a v8 <c>annotations.compiler</c> of a spec converted from an old
    /// file, a cache page's <c>compiler</c> field — and not as a node of the graph. Spack ≥ 1.0
    /// reads it as a direct build edge to a node of that name and version providing <c>c</c>,
    /// <c>cxx</c> and <c>fortran</c> (lib/spack/spack/spec.py: <c>SpecfileReaderBase.from_node_dict</c>
    /// and <c>legacy_compiler</c> keep it as <c>annotations.compiler_node_attribute</c>;
    /// <c>_satisfying_edges</c> yields it as that edge). Null when there is none.
    /// </summary>
    public SpecCompiler? HistoricalCompiler => Compiler is not null && !HasCompilerNodes ? Compiler : null;

    /// <summary>The version to show: the first the page lists (pages list one in practice).</summary>
    public string VersionText => Versions.Count == 0 ? string.Empty : Versions[0].Text;

    /// <summary>The compiler as reports write it: <c>gcc@11.4.0</c>, or <c>none</c>.</summary>
    public string CompilerText => Compiler?.ToString() ?? SpecCompiler.None;
}
