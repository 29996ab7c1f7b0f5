using System.Text;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Platform;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Sources;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Catalog;

/// <summary>
/// Issue 24: a load reads a mirror index into a table and builds a package's specs (and each
/// spec's dependencies) only when they are looked up; the parsed cache keeps that table. What a
/// check sees must not change: the same specs, graphs, counts and hints as the whole reader's.
/// </summary>
public sealed class IndexTableTests
{
    private static readonly SpackArch X86 = new("linux", "ubuntu24.04", "x86_64_v3");
    private static readonly SpackArch Arm = new("linux", "ubuntu24.04", "aarch64");

    public static TheoryData<string> Indexes() =>
    [
        "legacy_yaml-index.db-v6.json",
        "v2_layout-unsigned-index.db-v7.json",
        "v2_layout-unsigned-index.db-v8.json",
        "hdf5",
        "layered",
    ];

    private static string Text(string index) => index switch
    {
        "hdf5" => DagIndex.Hdf5().ToString(),
        "layered" => DagIndex.Layered(40).ToString(),
        _ => File.ReadAllText(TestEnvironment.Shared("catalog-index-samples", index)),
    };

    [Theory]
    [MemberData(nameof(Indexes))]
    public void A_lazy_load_cold_and_warm_gives_the_specs_graphs_and_counts_of_the_whole_reader(string name)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var index = folder.Write("mirror/build_cache/index.json", Text(name));
        File.SetLastWriteTimeUtc(index, DateTime.UtcNow.AddHours(-1));
        var whole = new SpackCatalog([index], MirrorIndexReader.Read(index, File.ReadAllBytes(index)));
        var options = new CatalogLoadOptions { CacheDirectory = folder.Combine("obj") };

        foreach (var pass in new[] { "cold", "warm" })
        {
            var lazy = SourceKinds.Load([index], options);

            Assert.Empty(lazy.Diagnostics);
            Assert.True(File.Exists(folder.Combine("obj", CatalogCache.FileName)), pass);
            Assert.Equal((whole.PackageCount, whole.SpecCount), (lazy.Catalog.PackageCount, lazy.Catalog.SpecCount));
            Assert.Equal(whole.PackageNames, lazy.Catalog.PackageNames);
            // The summary is counted from the table (cold) and the cache's records (warm), and agrees.
            var (expected, actual) = (CatalogSummary.Of(whole), CatalogSummary.Of(lazy.Catalog));
            Assert.Equal(expected.Packages, actual.Packages);
            Assert.Equal(expected.Arches, actual.Arches);
            Assert.Equal(expected.Stacks, actual.Stacks);
            Assert.Equal(expected.Tags, actual.Tags);
            foreach (var package in whole.PackageNames)
            {
                Assert.Equal(Graph(whole.SpecsFor(package)), Graph(lazy.Catalog.SpecsFor(package)));
            }
        }
    }

    /// <summary>
    /// Item 5 of the issue: a row's hint sees the binaries of every arch. The required package is
    /// built from the table only when the check looks it up, with all its binaries, so the hint
    /// still names the other arch's near miss, read cold and from the parsed cache alike.
    /// </summary>
    [Fact]
    public void A_hint_on_a_lazily_read_index_names_the_near_miss_on_another_arch_cold_and_warm()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var index = folder.Write("mirror/build_cache/index.json", DagIndex.Hdf5().ToString());
        File.SetLastWriteTimeUtc(index, DateTime.UtcNow.AddHours(-1));
        var expected = string.Format(Messages.HintAvailableForArch, Arm, "1.14.5, 1.14.3", string.Format(Messages.HintRuledOut, "^openmpi") + string.Format(Messages.HintDependencyBuiltWith, 3, "hdf5", "^mpich@4.2.2"))
            + "; " + string.Format(Messages.HintExistsElsewhere, "1.14.5", X86);

        foreach (var pass in new[] { "cold", "warm" })
        {
            var run = CoverageRun.Execute(new CoverageRunOptions
            {
                CatalogSources = [Path.GetDirectoryName(Path.GetDirectoryName(index))!],
                Arches = [X86.ToString(), Arm.ToString()],
                Requirements = [new RequirementInput("hdf5@1.14 +mpi ^openmpi")],
                ParsedCatalogCacheDirectory = folder.Combine("parsed"),
                EnvironmentVariables = new Dictionary<string, string>(),
            });

            Assert.Equal([CoverageStatus.Covered, CoverageStatus.Missing], run.Result!.Rows.Select(r => r.Status));
            Assert.Equal(expected, run.Result.Rows[1].Hint);
            Assert.True(File.Exists(folder.Combine("parsed", CatalogCache.FileName)), pass);
        }
    }

    /// <summary>Every node a package's binaries reach, each once, with its edges: two graphs compare whole.</summary>
    private static List<string> Graph(IReadOnlyList<CatalogSpec> roots)
    {
        var seen = new HashSet<CatalogSpec>(SpecIdentityComparer.Instance);
        var lines = new List<string>();
        var pending = new Stack<CatalogSpec>(roots.Reverse());
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!seen.Add(node))
            {
                continue;
            }

            var line = new StringBuilder(JsonLinePageReaderTests.Describe([node]).Single())
                .Append(node.InBuildCache ? string.Empty : " (node only)")
                .Append(node.GraphIncomplete ? " (incomplete)" : string.Empty);
            foreach (var edge in node.Dependencies ?? [])
            {
                line.Append(" -> ").Append(edge.Hash).Append(' ').Append(edge.Types).Append(' ').Append(string.Join(",", edge.Virtuals));
                pending.Push(edge.Spec);
            }

            lines.Add(line.ToString());
        }

        return lines;
    }
}
