using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Specs;

namespace CacheTasks.Coverage;

/// <summary>
/// Rule 7's last paragraph: a compiler recorded by name and version only
/// (<see cref="CatalogSpec.HistoricalCompiler"/>) is what Spack ≥ 1.0 makes of it — an ad-hoc
/// direct build edge from the node to a node with that name and version, providing <c>c</c>,
/// <c>cxx</c> and <c>fortran</c> (lib/spack/spack/spec.py at 00018e3439b1e0d3b53653ee29a2c29816073d74:
/// <c>_satisfying_edges</c> yields it after the node's own edges, for <c>%</c> and <c>^</c>
/// clauses alike, and <c>_satisfies_edge_attributes</c> judges it like any edge).
/// </summary>
public sealed partial class SpecMatcher
{
    private const DependencyTypes HistoricalEdgeTypes = DependencyTypes.Build;

    /// <summary>
    /// Whether the node's historical compiler edge satisfies the clause, as Spack judges an edge:
    /// the clause's name is the compiler's (a <c>%</c> clause's legacy name is read as the package
    /// name, as Spack's parser does: <c>%clang</c> is <c>llvm</c>; a <c>^</c> clause's is not) or one
    /// of the three languages; the clause's virtuals among the three and its deptypes within build;
    /// the version within the clause's. Whatever else the clause asks of that node (variants, arch,
    /// its own dependencies) is not recorded: the clause is satisfied but unverified (CT3005).
    /// A language with a version (<c>%c@11</c>) asks for the virtual's version: unverified too.
    /// With <paramref name="compilerAliases"/> (the requirement's compiler, rule 4) an old and a new
    /// name of a compiler are the same name.
    /// </summary>
    private static bool HistoricalEdgeSatisfies(DependencyClause clause, CatalogSpec node, bool compilerAliases, ref List<string>? unverified)
    {
        if (node.HistoricalCompiler is not { } compiler)
        {
            return false;
        }

        var name = clause.Node.Name;
        var byName = compilerAliases ? CompilerNames.AreSame(name, compiler.Name) : (clause.IsDirect ? CompilerNames.Normalize(name) : name) == compiler.Name;
        var byVirtual = !byName && CompilerNames.IsLanguage(name);
        if (!byName && !byVirtual)
        {
            return false;
        }

        foreach (var virtualName in clause.Virtuals)
        {
            if (!CompilerNames.IsLanguage(virtualName))
            {
                return false;
            }
        }

        var required = Deptypes(clause.Deptypes);
        if ((HistoricalEdgeTypes & required) != required)
        {
            return false;
        }

        var checkedFully = true;
        if (clause.Node.HasVersions)
        {
            if (byVirtual)
            {
                checkedFully = false;
            }
            else if (compiler.Version is null || !clause.Node.Versions.Contains(compiler.Version))
            {
                return false;
            }
        }

        if (!checkedFully || !clause.Node.IsNameAndVersionOnly)
        {
            (unverified ??= []).Add(clause.Text);
        }

        return true;
    }
}
