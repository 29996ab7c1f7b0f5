using System.Text;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Diagnostics;
using CacheTasks.Environments;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Concrete;

/// <summary>
/// One reader of Spack's node dicts for a mirror index and a spack.lock: the same nodes, listed by
/// either file, give the same graph and so the same link/run closure — including an edge that
/// names no types (build and link in both) and every layout of an edge.
/// </summary>
public sealed class NodeDictReaderTests
{
    private static readonly string App = new('a', 32);
    private static readonly string Bzip2 = new('b', 32);
    private static readonly string Zlib = new('c', 32);
    private static readonly string Cmake = new('d', 32);
    private static readonly string Xz = new('e', 32);

    // app -> bzip2 (run, dag_hash), zlib (no types), cmake (build only, build_hash); zlib -> xz (a bare hash).
    private static readonly (string Hash, string Node)[] Nodes =
    [
        (App, $$$"""{"name":"app","version":"1.0","arch":{"platform":"linux","platform_os":"ubuntu24.04","target":"x86_64"},"dependencies":[{"name":"bzip2","dag_hash":"{{{Bzip2}}}","parameters":{"deptypes":["run"],"virtuals":[]}},{"name":"zlib","hash":"{{{Zlib}}}"},{"name":"cmake","build_hash":"{{{Cmake}}}","type":["build"]}]}"""),
        (Bzip2, """{"name":"bzip2","version":"1.0.8","arch":{"platform":"linux","platform_os":"ubuntu24.04","target":"x86_64"}}"""),
        (Zlib, $$$"""{"name":"zlib","version":"1.3.1","arch":{"platform":"linux","platform_os":"ubuntu24.04","target":"x86_64"},"dependencies":{"xz":"{{{Xz}}}"}}"""),
        (Cmake, """{"name":"cmake","version":"3.30.5","arch":{"platform":"linux","platform_os":"ubuntu24.04","target":"x86_64"}}"""),
        (Xz, """{"name":"xz","version":"5.4.6","arch":{"platform":"linux","platform_os":"ubuntu24.04","target":"x86_64"}}"""),
    ];

    [Fact]
    public void An_index_and_a_lock_listing_the_same_nodes_give_the_same_closure()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var index = "{\"database\":{\"version\":\"7\",\"installs\":{"
            + string.Join(",", Nodes.Select(n => $"\"{n.Hash}\":{{\"spec\":{n.Node[..^1]},\"hash\":\"{n.Hash}\"}},\"in_buildcache\":true}}"))
            + "}}}";
        var lockPath = folder.Write("spack.lock", "{\"_meta\":{\"lockfile-version\":5},\"roots\":[{\"hash\":\"" + App + "\",\"spec\":\"app\"}],\"concrete_specs\":{"
            + string.Join(",", Nodes.Select(n => $"\"{n.Hash}\":{n.Node}")) + "}}");

        var fromIndex = MirrorIndexReader.Read(folder.Combine("index.json"), Encoding.UTF8.GetBytes(index)).Single(s => s.Name == "app");
        var diagnostics = new List<Diagnostic>();
        var fromLock = Assert.Single(LockFileReader.Read(lockPath, diagnostics));

        Assert.Empty(diagnostics);
        string[] closure = ["bzip2/" + Bzip2, "zlib/" + Zlib, "xz/" + Xz];
        Assert.Equal(closure, LinkRunClosure.Of(fromIndex).Select(n => n.Name + "/" + n.Hash));
        Assert.Equal(closure, fromLock.Dependencies.Select(d => d.ToString()));
        Assert.Equal(
            fromIndex.Dependencies!.Select(d => (d.Name, d.Types)),
            fromLock.Node!.Dependencies!.Select(d => (d.Name, d.Types)));
        Assert.Equal([DependencyTypes.Run, NodeDictReader.UntypedEdge, DependencyTypes.Build], fromLock.Node.Dependencies!.Select(d => d.Types));
        Assert.Equal("1.3.1", fromLock.Dependencies[1].Node!.VersionText);
    }

    // Every layout of an edge Spack has written (spec files v1 to v5, databases v6 to v8, locks v1 to
    // v6), each to zlib: the dependencies field as written, and the types the edge must get.
    public static TheoryData<string, DependencyTypes> EdgeLayouts() => new()
    {
        { $$$"""[{"name":"zlib","hash":"{{{Zlib}}}","parameters":{"deptypes":["link"],"virtuals":[]}}]""", DependencyTypes.Link },
        { $$$"""[{"name":"zlib","dag_hash":"{{{Zlib}}}","parameters":{"deptypes":["build","run"],"virtuals":[]}}]""", DependencyTypes.Build | DependencyTypes.Run },
        { $$$"""[{"name":"zlib","build_hash":"{{{Zlib}}}","type":["build","link"]}]""", DependencyTypes.Build | DependencyTypes.Link },
        { $$$"""[{"name":"zlib","full_hash":"{{{Zlib}}}","type":["run"]}]""", DependencyTypes.Run },
        { $$$"""{"zlib":{"hash":"{{{Zlib}}}","type":["link"]}}""", DependencyTypes.Link },
        { $$$"""{"zlib":{"build_hash":"{{{Zlib}}}","type":["build"]}}""", DependencyTypes.Build },
        { $$$"""{"zlib":"{{{Zlib}}}"}""", NodeDictReader.UntypedEdge },
        { $$$"""[{"name":"zlib","hash":"{{{Zlib}}}"}]""", NodeDictReader.UntypedEdge },
        { $$$"""{"zlib":{"hash":"{{{Zlib}}}"}}""", NodeDictReader.UntypedEdge },
    };

    [Theory]
    [MemberData(nameof(EdgeLayouts))]
    public void Every_edge_layout_reads_alike_from_an_index_and_a_lock(string dependencies, DependencyTypes types)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var app = $$$"""{"name":"app","version":"1.0","arch":{"platform":"linux","platform_os":"ubuntu24.04","target":"x86_64"},"dependencies":{{{dependencies}}}}""";
        var zlib = Nodes.Single(n => n.Hash == Zlib).Node.Replace($$$""","dependencies":{"xz":"{{{Xz}}}"}""", string.Empty, StringComparison.Ordinal);
        var index = "{\"database\":{\"version\":\"7\",\"installs\":{"
            + $"\"{App}\":{{\"spec\":{app[..^1]},\"hash\":\"{App}\"}},\"in_buildcache\":true}},"
            + $"\"{Zlib}\":{{\"spec\":{zlib[..^1]},\"hash\":\"{Zlib}\"}},\"in_buildcache\":true}}"
            + "}}}";
        var lockPath = folder.Write("spack.lock", "{\"_meta\":{\"lockfile-version\":5},\"roots\":[{\"hash\":\"" + App + "\",\"spec\":\"app\"}],\"concrete_specs\":{"
            + $"\"{App}\":{app},\"{Zlib}\":{zlib}}}}}");
        var diagnostics = new List<Diagnostic>();

        var fromIndex = MirrorIndexReader.Read(folder.Combine("index.json"), Encoding.UTF8.GetBytes(index)).Single(s => s.Name == "app");
        var fromLock = Assert.Single(LockFileReader.Read(lockPath, diagnostics)).Node!;

        Assert.Empty(diagnostics);
        Assert.Equal(("zlib", Zlib, types), (fromIndex.Dependencies!.Single().Name, fromIndex.Dependencies!.Single().Spec.Hash, fromIndex.Dependencies!.Single().Types));
        Assert.Equal(("zlib", Zlib, types), (fromLock.Dependencies!.Single().Name, fromLock.Dependencies!.Single().Spec.Hash, fromLock.Dependencies!.Single().Types));
    }
}
