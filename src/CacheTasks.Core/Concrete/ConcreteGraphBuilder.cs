using CacheTasks.Diagnostics;
using CacheTasks.Specs;

namespace CacheTasks.Concrete;

/// <summary>
/// Builds the concrete spec graph of a file's node dicts once all of them are read: each node a
/// <see cref="CatalogSpec"/> whose <see cref="CatalogSpec.Dependencies"/> point at the nodes of the
/// same file, found by hash. The one builder for a mirror index and a <c>spack.lock</c>.
/// </summary>
internal static class ConcreteGraphBuilder
{
    /// <summary>
    /// Builds every node after its dependencies (<see cref="Resolve"/>), so each is created whole.
    /// An edge left out gets <see cref="NodeDictEdge.Target"/> -1 and is added to
    /// <paramref name="dropped"/>; its node is then <see cref="CatalogSpec.GraphIncomplete"/>.
    /// </summary>
    /// <returns>The nodes, in the order given.</returns>
    public static CatalogSpec[] Build(IReadOnlyList<NodeDict> nodes, NodeDictReader reader, string path, string? tag, List<DroppedEdge> dropped)
    {
        var ids = new int[nodes.Count];
        var edgeStart = new int[nodes.Count + 1];
        for (var i = 0; i < nodes.Count; i++)
        {
            ids[i] = nodes[i].Id;
            edgeStart[i + 1] = edgeStart[i] + nodes[i].Edges.Length;
        }

        var targets = new int[edgeStart[nodes.Count]];
        for (var i = 0; i < nodes.Count; i++)
        {
            for (var e = 0; e < nodes[i].Edges.Length; e++)
            {
                targets[edgeStart[i] + e] = nodes[i].Edges[e].Target;
            }
        }

        var built = new CatalogSpec?[nodes.Count];
        Resolve(
            ids,
            reader.Hashes.Count,
            edgeStart,
            targets,
            (node, edge, cycle) =>
            {
                ref var left = ref nodes[node].Edges[edge];
                dropped.Add(new DroppedEdge(node, left, cycle));
                left.Target = -1;
            },
            (node, nodeOf) => built[node] = Node(nodes[node], nodeOf, built, nodes, reader.Interner, path, tag));
        return built!;
    }

    /// <summary>
    /// Walks every node after its dependencies (depth first with its own stack: a chain of 250,000
    /// nodes must not overflow the thread's), calling <paramref name="done"/> (with the
    /// hash-id-to-node table) for each once all of its kept edges' nodes are done. Node <c>i</c> has
    /// the hash id <c>ids[i]</c> and the edges <c>targets[edgeStart[i]..edgeStart[i + 1]]</c>, each
    /// a hash id (-1: none). An edge whose hash no node has, or that leads back to a node still being
    /// walked (a cycle), is left out: it becomes -1 in <paramref name="targets"/> and is told to
    /// <paramref name="dropped"/> (node, the edge's index among the node's, whether it closed a
    /// cycle). A hash listed twice is the last node's, as a Python dict would have it. A skimmed
    /// index walks without building (<paramref name="done"/> null) and builds a node when it is read.
    /// </summary>
    /// <returns>For each hash id, the index of the node that has it, or -1.</returns>
    public static int[] Resolve(int[] ids, int hashCount, int[] edgeStart, int[] targets, Action<int, int, bool> dropped, Action<int, int[]>? done)
    {
        var count = ids.Length;
        var nodeOf = new int[hashCount];
        nodeOf.AsSpan().Fill(-1);
        for (var i = 0; i < count; i++)
        {
            nodeOf[ids[i]] = i;
        }

        var finished = new bool[count];
        var walking = new bool[count];
        var stack = new Stack<(int Node, int Edge)>();
        for (var root = 0; root < count; root++)
        {
            if (finished[root])
            {
                continue;
            }

            stack.Push((root, 0));
            walking[root] = true;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (edgeStart[node] + next < edgeStart[node + 1])
                {
                    stack.Push((node, next + 1));
                    var at = edgeStart[node] + next;
                    var target = targets[at] < 0 ? -1 : nodeOf[targets[at]];
                    if (target < 0 || walking[target])
                    {
                        dropped(node, next, target >= 0);
                        targets[at] = -1;
                    }
                    else if (!finished[target])
                    {
                        walking[target] = true;
                        stack.Push((target, 0));
                    }

                    continue;
                }

                walking[node] = false;
                finished[node] = true;
                done?.Invoke(node, nodeOf);
            }
        }

        return nodeOf;
    }

    /// <summary>
    /// One node. A node that is not a binary of the file (an external, a compiler in database
    /// v8, a lock's node) was never required to be whole: what it lacks stays empty.
    /// </summary>
    private static CatalogSpec Node(NodeDict dict, int[] nodeOf, CatalogSpec?[] built, IReadOnlyList<NodeDict> nodes, CatalogInterner interner, string path, string? tag)
    {
        CatalogDependency[] dependencies = dict.Edges.Length == 0 ? [] : new CatalogDependency[dict.Edges.Length];
        var kept = 0;
        foreach (var edge in dict.Edges)
        {
            if (edge.Target >= 0 && built[nodeOf[edge.Target]] is { } dependency)
            {
                dependencies[kept++] = new CatalogDependency(dependency, edge.Types, edge.Virtuals);
            }
        }

        if (kept < dependencies.Length)
        {
            Array.Resize(ref dependencies, kept);
        }

        return Node(dict, dependencies, id => nodes[nodeOf[id]], interner, path, tag);
    }

    /// <summary>
    /// One node with its dependencies given (built, or to be built when read); <paramref name="targetOf"/>
    /// gives the node dict of a kept edge's hash id (its name and version name a v8 compiler).
    /// </summary>
    public static CatalogSpec Node(NodeDict dict, IReadOnlyList<CatalogDependency> dependencies, Func<int, NodeDict> targetOf, CatalogInterner interner, string path, string? tag)
    {
        var complete = dict.VirtualsNotList is null;
        foreach (var edge in dict.Edges)
        {
            complete &= edge.Target >= 0;
        }

        return new CatalogSpec(
            dict.Name ?? string.Empty,
            Versions(dict, interner),
            dict.Hash ?? dict.Key,
            dict.Platform ?? string.Empty,
            dict.Os ?? string.Empty,
            dict.Target ?? string.Empty,
            Compiler(dict, targetOf, interner),
            dict.Variants,
            [],
            tag,
            new SourceLocation(path, dict.Line, dict.Column))
        {
            Dependencies = dependencies,
            InBuildCache = dict.InBuildCache,
            GraphIncomplete = !complete,
        };
    }

    private static IReadOnlyList<SpackVersion> Versions(NodeDict dict, CatalogInterner interner) =>
        (dict.Version is null ? null : interner.Version(dict.Version)) ?? [];

    /// <summary>
    /// The compiler: the <c>compiler</c> object of database v6/v7 and old lock files, else
    /// <c>annotations.compiler</c> of a spec converted from one, else (Spack ≥ 1.0) the build
    /// dependency that provides <c>c</c>, <c>cxx</c> or <c>fortran</c>, with the version of the
    /// first kept dependency of that name.
    /// </summary>
    private static SpecCompiler? Compiler(NodeDict dict, Func<int, NodeDict> targetOf, CatalogInterner interner)
    {
        if (dict.CompilerName is not null)
        {
            return interner.Compiler(dict.CompilerVersion is null ? dict.CompilerName : dict.CompilerName + "@" + dict.CompilerVersion);
        }

        if (dict.AnnotatedCompiler is not null)
        {
            return interner.Compiler(dict.AnnotatedCompiler);
        }

        foreach (var edge in dict.Edges)
        {
            if ((edge.Types & DependencyTypes.Build) != 0 && ProvidesLanguage(edge.Virtuals))
            {
                foreach (var kept in dict.Edges)
                {
                    if (kept.Target < 0)
                    {
                        continue;
                    }

                    var dependency = targetOf(kept.Target);
                    var name = dependency.Name ?? string.Empty;
                    if (ReferenceEquals(name, edge.Name) || name == edge.Name)
                    {
                        var versions = Versions(dependency, interner);
                        return versions.Count == 0 ? new SpecCompiler(edge.Name, null) : interner.Compiler(edge.Name + "@" + versions[0].Text);
                    }
                }

                return new SpecCompiler(edge.Name, null);
            }
        }

        return null;
    }

    private static bool ProvidesLanguage(IReadOnlyList<string> virtuals)
    {
        foreach (var name in virtuals)
        {
            if (CompilerNames.IsLanguage(name))
            {
                return true;
            }
        }

        return false;
    }
}
