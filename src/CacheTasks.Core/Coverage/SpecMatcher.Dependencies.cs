using System.Collections.Concurrent;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Specs;

namespace CacheTasks.Coverage;

/// <summary>
/// Rule 7: a node and its dependency clauses, as Spack's <c>Spec.satisfies</c> reads them
/// (lib/spack/spack/spec.py). A dependency node is judged by the same rules as the root, so this
/// is a part of the one matcher rather than a second one.
/// <list type="bullet">
/// <item><c>^dep</c>: some edge among the root's direct dependencies (any deptype) and every edge
/// reached from the root through link/run edges; a build-only dependency of a dependency does not
/// count. Which edges those are is <see cref="LinkRunClosure"/>'s one definition.</item>
/// <item><c>%dep</c>: a direct dependency of the node it attaches to (the root, or the node of the
/// preceding <c>^</c>), with the clause's deptypes on the edge; compiler aliases apply here only.</item>
/// <item>A name matches the edge's node, or a virtual the edge lists (<c>^mpi</c>, <c>%c</c>);
/// <c>[virtuals=…]</c> must be on the same edge. A virtual's own version cannot be checked.</item>
/// <item>The compiler (<c>%gcc@12</c>) is such a direct clause where the graph has compiler nodes
/// (database v8: an edge provides <c>c</c>, <c>cxx</c> or <c>fortran</c>), else the node's compiler field.</item>
/// <item>A compiler recorded by name and version only is also the historical compiler edge, for
/// <c>%</c> and <c>^</c> clauses of the node it belongs to (<c>SpecMatcher.HistoricalCompiler.cs</c>).</item>
/// </list>
/// Clauses a node without a graph (a cache page) cannot verify are collected, not failed.
/// </summary>
public sealed partial class SpecMatcher
{
    // when= conditions, parsed once per text (a stack repeats them).
    private static readonly ConcurrentDictionary<string, SpecConstraint?> Conditions = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether <paramref name="node"/> satisfies <paramref name="constraint"/>: variants, compiler,
    /// hash, and with <paramref name="ownVersionAndArch"/> (dependency nodes) its version and its
    /// own platform/os/target; then the clauses. <paramref name="failedClause"/> is the clause of
    /// this node that failed.
    /// </summary>
    private Mismatch CheckNode(SpecConstraint constraint, CatalogSpec node, bool ownVersionAndArch, DependencyMemo memo, ref List<string>? unverified, out DependencyClause? failedClause)
    {
        failedClause = null;
        if (ownVersionAndArch && !node.Versions.Any(constraint.Versions.Contains))
        {
            return Mismatch.Version;
        }

        foreach (var variant in constraint.Variants)
        {
            if (!node.Variants.Satisfies(variant))
            {
                return Mismatch.Variant;
            }
        }

        if (constraint.Compiler is { } compiler)
        {
            if (compiler.Clause is { } compilerClause && node.HasCompilerNodes)
            {
                if (!SatisfiesClause(compilerClause, node, memo, ref unverified))
                {
                    failedClause = compilerClause;
                    return Mismatch.Compiler;
                }
            }
            else if (compiler.Clause is { } historicalClause && node.HistoricalCompiler is not null)
            {
                // Rule 4 names the compiler: its old and new names alike.
                if (!HistoricalEdgeSatisfies(historicalClause, node, compilerAliases: true, ref unverified))
                {
                    return Mismatch.Compiler;
                }
            }
            else if (!compiler.IsSatisfiedBy(node.Compiler))
            {
                return Mismatch.Compiler;
            }
            else if (compiler.NodeConstraints.Count > 0 || compiler.Node is { Dependencies.Count: > 0 })
            {
                // The compiler field records a name and a version, nothing of the compiler's own node.
                (unverified ??= []).Add(compiler.Clause?.Text ?? compiler.Text);
            }
        }

        if (!constraint.HashSatisfiedBy(node.Hash))
        {
            return Mismatch.Hash;
        }

        if (ownVersionAndArch && !ArchSatisfaction.Satisfies(node.Arch, constraint, Microarchitectures))
        {
            return Mismatch.Target;
        }

        foreach (var clause in constraint.Dependencies)
        {
            if (HistoricalEdgeSatisfies(clause, node, compilerAliases: false, ref unverified))
            {
                continue;
            }

            if (node.Dependencies is null)
            {
                (unverified ??= []).Add(clause.Text);
            }
            else if (!SatisfiesClause(clause, node, memo, ref unverified))
            {
                failedClause = clause;
                return Mismatch.Dependency;
            }
        }

        return Mismatch.None;
    }

    /// <summary>Whether some edge of <paramref name="parent"/>'s graph satisfies the clause (see the type's summary).</summary>
    private bool SatisfiesClause(DependencyClause clause, CatalogSpec parent, DependencyMemo memo, ref List<string>? unverified)
    {
        if (clause.When is { } when)
        {
            var condition = Conditions.GetOrAdd(when, ParseCondition);
            if (condition is null)
            {
                (unverified ??= []).Add(clause.Text);
                return true;
            }

            // Spack skips an edge whose condition the spec does not meet.
            List<string>? ignored = null;
            if (CheckNode(condition, parent, ownVersionAndArch: true, memo, ref ignored, out _) != Mismatch.None)
            {
                return true;
            }
        }

        if (clause.IsDirect)
        {
            foreach (var edge in parent.Dependencies ?? [])
            {
                if (EdgeSatisfies(clause, edge, memo, ref unverified))
                {
                    return true;
                }
            }

            return Undecided(clause, parent.GraphIncomplete, ref unverified);
        }

        // ^: the node's own edges of any type, then the link/run closure of each link/run child
        // (LinkRunClosure: the historical compiler edge was asked by CheckNode before).
        foreach (var edge in parent.Dependencies ?? [])
        {
            if (EdgeSatisfies(clause, edge, memo, ref unverified))
            {
                return true;
            }
        }

        foreach (var edge in parent.Dependencies ?? [])
        {
            if (LinkRunClosure.Follows(edge) && ClosureSatisfies(clause, edge.Spec, memo) is { } found)
            {
                if (found.Unverified is not null)
                {
                    (unverified ??= []).AddRange(found.Unverified);
                }

                return true;
            }
        }

        return Undecided(clause, memo.ReachesIncompleteGraph(parent), ref unverified);
    }

    /// <summary>
    /// No edge satisfies the clause. Where the index reader left edges out of the graph searched
    /// (CT2001), the missing edge may have been the one: the clause is unverified, not failed.
    /// </summary>
    private static bool Undecided(DependencyClause clause, bool graphIncomplete, ref List<string>? unverified)
    {
        if (!graphIncomplete)
        {
            return false;
        }

        (unverified ??= []).Add(clause.Text);
        return true;
    }

    /// <summary>
    /// Whether some edge reached from <paramref name="start"/> through link/run edges satisfies the
    /// clause, through the requirement's one search per clause (<see cref="LinkRunClosure"/>'s walk,
    /// each node's answer kept in <paramref name="memo"/>).
    /// </summary>
    private DependencyMemo.Found? ClosureSatisfies(DependencyClause clause, CatalogSpec start, DependencyMemo memo) =>
        memo.For(clause, c => new LinkRunSearch<DependencyMemo.Found>(edge =>
        {
            List<string>? unverified = null;
            return EdgeSatisfies(c, edge, memo, ref unverified) ? new DependencyMemo.Found(unverified) : null;
        })).Below(start);

    /// <summary>Whether one edge's node satisfies the clause: its name or a virtual it provides, the clause's virtuals and deptypes on that edge, and the node's constraints.</summary>
    private bool EdgeSatisfies(DependencyClause clause, CatalogDependency edge, DependencyMemo memo, ref List<string>? unverified)
    {
        var name = clause.Node.Name;
        var byName = clause.IsDirect ? CompilerNames.AreSame(edge.Name, name) : edge.Name == name;
        var byVirtual = !byName && edge.Virtuals.Contains(name);
        if (!byName && !byVirtual)
        {
            return false;
        }

        if (clause.IsDirect && clause.Deptypes.Count > 0)
        {
            var required = Deptypes(clause.Deptypes);
            if ((edge.Types & required) != required)
            {
                return false;
            }
        }

        if (clause.Virtuals.Count > 0 && !(clause.IsDirect ? clause.Virtuals.Any(edge.Virtuals.Contains) : clause.Virtuals.All(edge.Virtuals.Contains)))
        {
            return false;
        }

        List<string>? local = null;
        var node = clause.Node;
        if (byVirtual && node.HasVersions)
        {
            // ^mpi@3: asks for the virtual's version, which only the provider's package recipe knows.
            local = [clause.Text];
            node = node with { Versions = VersionConstraint.Any };
        }

        if (CheckNode(node, edge.Spec, ownVersionAndArch: true, memo, ref local, out _) != Mismatch.None)
        {
            return false;
        }

        if (local is not null)
        {
            (unverified ??= []).AddRange(local);
        }

        return true;
    }

    /// <summary>
    /// The nodes of <paramref name="spec"/>'s graph that the requirement's clauses can refer to
    /// (same name, or an edge providing the clause's name or virtuals; for <c>%</c> the direct
    /// dependencies only), with the clause: what a match was built with, or what the binaries a
    /// clause ruled out have instead. Empty for a binary without a graph.
    /// </summary>
    public static IReadOnlyList<(DependencyClause Clause, CatalogSpec Node)> NodesFor(SpecConstraint constraint, CatalogSpec spec)
    {
        var found = new List<(DependencyClause, CatalogSpec)>();
        if (spec.Dependencies is null)
        {
            return found;
        }

        var clauses = constraint.Compiler?.Clause is { } compiler && spec.HasCompilerNodes ? constraint.Dependencies.Prepend(compiler) : constraint.Dependencies;
        foreach (var clause in clauses)
        {
            found.AddRange(NodesFor(clause, spec, []).Select(node => (clause, node)));
        }

        return found;
    }

    /// <summary>
    /// The nodes of <paramref name="spec"/>'s graph one clause can refer to: the clause's name, an
    /// edge providing it or the clause's virtuals, or one of <paramref name="provides"/> (the
    /// virtuals the clause's package provides elsewhere in the catalog).
    /// </summary>
    public static IReadOnlyList<CatalogSpec> NodesFor(DependencyClause clause, CatalogSpec spec, IReadOnlyCollection<string> provides) =>
        NodesFor(clause, [spec], provides);

    /// <summary>The same over several binaries at once (their graphs overlap; each node is read once).</summary>
    public static IReadOnlyList<CatalogSpec> NodesFor(DependencyClause clause, IReadOnlyList<CatalogSpec> specs, IReadOnlyCollection<string> provides)
    {
        var found = new List<CatalogSpec>();
        var seen = new HashSet<CatalogSpec>(SpecIdentityComparer.Instance);
        foreach (var edge in clause.IsDirect ? specs.SelectMany(s => s.Dependencies ?? []) : LinkRunClosure.Edges(specs))
        {
            var refers = (clause.IsDirect ? CompilerNames.AreSame(edge.Name, clause.Node.Name) : edge.Name == clause.Node.Name)
                || edge.Virtuals.Contains(clause.Node.Name)
                || edge.Virtuals.Any(v => clause.Virtuals.Contains(v) || provides.Contains(v));
            if (refers && seen.Add(edge.Spec))
            {
                found.Add(edge.Spec);
            }
        }

        return found;
    }

    /// <summary>The virtuals a package provides through some edge of these binaries' graphs (<c>openmpi</c> → <c>mpi</c>).</summary>
    public static IReadOnlyCollection<string> VirtualsProvidedBy(string name, IEnumerable<CatalogSpec> specs)
    {
        var virtuals = new HashSet<string>(StringComparer.Ordinal);
        foreach (var edge in LinkRunClosure.Edges(specs))
        {
            if (edge.Name == name)
            {
                virtuals.UnionWith(edge.Virtuals);
            }
        }

        return virtuals;
    }

    private static DependencyTypes Deptypes(IReadOnlyList<string> names)
    {
        var types = DependencyTypes.None;
        foreach (var name in names)
        {
            types |= name switch
            {
                "build" => DependencyTypes.Build,
                "link" => DependencyTypes.Link,
                "run" => DependencyTypes.Run,
                "test" => DependencyTypes.Test,
                _ => DependencyTypes.None,
            };
        }

        return types;
    }

    private static SpecConstraint? ParseCondition(string when)
    {
        try
        {
            return SpecParser.ParseAnonymous(when.Trim().Trim('\'', '"'));
        }
        catch (SpecParseException)
        {
            return null;
        }
    }
}
