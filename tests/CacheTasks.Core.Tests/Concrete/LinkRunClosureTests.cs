using CacheTasks.Concrete;
using CacheTasks.Diagnostics;
using CacheTasks.Specs;

namespace CacheTasks.Core.Tests.Concrete;

/// <summary>
/// The one walk of a concrete graph (Spack's <c>_satisfying_edges</c>): a <c>^</c> clause sees the
/// node's direct edges of every type and the link/run edges below them, never a build-only
/// dependency of a dependency; and one question asked of many binaries that share a graph reads
/// each shared edge once.
/// </summary>
public sealed class LinkRunClosureTests
{
    [Fact]
    public void A_clause_sees_direct_edges_of_every_type_and_link_run_edges_below_but_not_a_dependency_s_build_tools()
    {
        var zlib = Node("zlib");
        var hdf5 = Node("hdf5", (zlib, DependencyTypes.Link), (Node("m4"), DependencyTypes.Build));
        var cmake = Node("cmake", (Node("ncurses"), DependencyTypes.Link));
        var python = Node("python", (zlib, DependencyTypes.Link | DependencyTypes.Run));
        var app = Node("app", (cmake, DependencyTypes.Build), (hdf5, DependencyTypes.Link), (python, DependencyTypes.Run));

        // Breadth first, as Spack's traversal; zlib is reached by two edges and both are candidates.
        Assert.Equal(["cmake", "hdf5", "python", "zlib", "zlib"], LinkRunClosure.Edges([app]).Select(e => e.Name));
        Assert.Equal(["hdf5", "python", "zlib"], LinkRunClosure.Of(app).Select(n => n.Name));
    }

    [Fact]
    public void An_edge_written_without_deptypes_is_walked_through()
    {
        var app = Node("app", (Node("zlib", (Node("xz"), NodeDictReader.UntypedEdge)), NodeDictReader.UntypedEdge));

        Assert.Equal(["zlib", "xz"], LinkRunClosure.Edges([app]).Select(e => e.Name));
        Assert.Equal(["zlib", "xz"], LinkRunClosure.Of(app).Select(n => n.Name));
    }

    [Fact]
    public void Binaries_sharing_a_graph_read_each_shared_edge_once_per_question()
    {
        var hdf5 = Node("hdf5", (Node("zlib", (Node("xz"), DependencyTypes.Link)), DependencyTypes.Link));
        var first = Node("app", (hdf5, DependencyTypes.Link));
        var second = Node("app", (hdf5, DependencyTypes.Link));
        var asked = 0;
        var search = new LinkRunSearch<CatalogSpec>(edge =>
        {
            asked++;
            return edge.Name == "xz" ? edge.Spec : null;
        });

        Assert.Equal("xz", search.Below(first)?.Name);
        Assert.Equal(3, asked);
        Assert.Equal("xz", search.Below(second)?.Name);
        Assert.Equal(4, asked);
        Assert.Null(new LinkRunSearch<CatalogSpec>(edge => edge.Name == "m4" ? edge.Spec : null).Below(first));
    }

    private static CatalogSpec Node(string name, params (CatalogSpec Spec, DependencyTypes Types)[] edges) =>
        new(name, [SpackVersion.Parse("1.0")], name + "-hash", "linux", "ubuntu24.04", "x86_64", null, VariantSet.Empty, [], null, new SourceLocation("index.json", 1, 1))
        {
            Dependencies = edges.Select(e => new CatalogDependency(e.Spec, e.Types, [])).ToList(),
        };
}
