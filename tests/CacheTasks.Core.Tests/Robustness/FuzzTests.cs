using System.Text;
using CacheTasks.Catalog;
using CacheTasks.Sources;
using CacheTasks.Diagnostics;
using CacheTasks.Environments;
using CacheTasks.Platform;
using CacheTasks.Requirements;
using CacheTasks.Specs;
using CacheTasks.Testing;
using CsCheck;

namespace CacheTasks.Core.Tests.Robustness;

/// <summary>
/// Mutation fuzzing: real catalog pages, mirror indexes, spec strings and a spack.yaml, cut,
/// spliced and sprinkled with the bytes parsers trip on. Each reader may only answer or throw its
/// own diagnostic exception. <c>dotnet test</c> runs a short pass; CACHETASKS_FUZZ_ITERATIONS
/// raises it (CONTRIBUTING.md), and CsCheck prints the seed of a failure for CsCheck_Seed to replay.
/// </summary>
public sealed class FuzzTests
{
    private const string IterationsVariable = "CACHETASKS_FUZZ_ITERATIONS";

    // The bytes and tokens that change the shape of YAML, JSON or a spec.
    private static readonly byte[][] Tokens =
    [
        .. new[] { "---", "\n", "\r\n", "[", "]", "{", "}", "\"", "'", ":", ": ", ",", "- ", "&a ", "*a", "!!str ", "#", "\\u0000", "@", "%", "^", "+", "~", "=", " arch=", "@:", "..", "  ", "\t", "null", "true", "1e309", "-1" }.Select(Encoding.UTF8.GetBytes),
        [0], [0xFF], [0xC3], [0xEF, 0xBB, 0xBF], [0xE2, 0x80, 0xA8],
    ];

    private static readonly string[] SpecSeeds =
    [
        "zlib", "zlib@1.3", "zlib@1.2:1.3", "zlib@:1.3,1.4.1", "zlib@=1.3.1", "hdf5@1.14 +mpi ~fortran api=v112",
        "openmpi@5 %gcc@13.3.0 fabrics=ofi,ucx", "py-numpy@1.26 ^python@3.11", "cmake arch=linux-ubuntu24.04-x86_64_v3",
        "gcc@13 target=zen4: os=ubuntu24.04 platform=linux", "mpich@develop build_system=autotools", "kokkos+cuda cuda_arch=80 %clang@17",
        "llvm@main%gcc@7.3.0 arch=linux-rhel7-ppc64le", "boost@1.85 cxxstd=17 +python ^python@3.12 %gcc@13",
        "lz4 %gcc target=x86_64", "zlib %c,cxx=gcc@14.1 ^[virtuals=mpi deptypes=build,link] openmpi +cuda %clang",
        "foo ^[when='%c' virtuals=c] gcc ^mpi=mpich@4 cflags=\"-O3 -g\"",
    ];

    private const string EnvironmentSeed = """
        spack:
          definitions:
          - compilers: ['%gcc@13']
          - packages: [hdf5 +mpi, netcdf-c, zlib@1.3]
          - when: platform == 'linux'
            packages: [fftw]
          - when: re.search(r'zen', target) and env.get('CI', '').lower() in ('1', 'true')
            packages: [libxml2]
          - mpis: [{matrix: [[mpich], ['@4.2', '@4.1']]}]
          specs:
          - zlib-ng@2.2
          - matrix:
            - [$packages]
            - [$compilers]
            exclude:
            - netcdf-c %gcc@13
          - matrix:
            - [hdf5]
            - [$^mpis]
        """;

    private static readonly SpackArch Host = new("linux", "ubuntu24.04", "zen3");

    private static long Iterations(long quick) =>
        long.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), out var iterations) && iterations > 0 ? iterations : quick;

    private static Gen<byte[]> Mutated(IReadOnlyList<byte[]> seeds) =>
        Gen.Int[0, seeds.Count - 1].SelectMany(i => Mutation(seeds[i].Length).Array[1, 4].Select(mutations =>
        {
            var bytes = seeds[i].ToList();
            foreach (var mutate in mutations)
            {
                mutate(bytes);
            }

            return bytes.ToArray();
        }));

    // Positions are drawn as fractions so one generator serves files of any length.
    private static Gen<Action<List<byte>>> Mutation(int seedLength) =>
        Gen.Select(Gen.Int[0, 7], Gen.Double[0, 1], Gen.Double[0, 1], Gen.Int[0, Tokens.Length - 1], Gen.Byte, (kind, at, span, token, value) => (Action<List<byte>>)(bytes =>
        {
            var position = (int)(at * bytes.Count);
            var length = Math.Min(bytes.Count - position, 1 + (int)(span * Math.Min(64, seedLength)));
            switch (kind)
            {
                case 0:
                    bytes.RemoveRange(position, length);
                    break;
                case 1:
                case 2:
                    bytes.InsertRange(position, Tokens[token]);
                    break;
                case 3:
                    bytes.InsertRange(position, bytes.GetRange(position, length));
                    break;
                case 4:
                    bytes.RemoveRange(position, bytes.Count - position);
                    break;
                case 5 when position < bytes.Count:
                    bytes[position] = value;
                    break;
                case 6:
                    var source = (int)(span * bytes.Count);
                    bytes.InsertRange(position, bytes.GetRange(source, Math.Min(bytes.Count - source, length)));
                    break;
                default:
                    bytes.InsertRange(position, Enumerable.Repeat(Tokens[token][0], length));
                    break;
            }
        }));

    private static List<byte[]> Pages() =>
        Directory.EnumerateFiles(TestEnvironment.SharedCatalog, "specs.md", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes)
            .ToList();

    [Fact]
    public void Mutated_pages_are_read_or_refused_with_CatalogFormatException_on_both_paths()
    {
        var pages = Pages();
        Assert.NotEmpty(pages);

        Mutated(pages).Sample(
            bytes =>
            {
                Expect<CatalogFormatException>(() => CatalogPageReader.Read("/catalog/develop/pkg/specs.md", bytes, "develop"));
                Expect<CatalogFormatException>(() => JsonLinePageReader.TryRead("/catalog/develop/pkg/specs.md", bytes, "develop", out _));
                Expect<CatalogFormatException>(() => CatalogPageReader.ReadYaml("/catalog/develop/pkg/specs.md", Encoding.UTF8.GetString(bytes), "develop"));
            },
            iter: Iterations(400));
    }

    [Fact]
    public void Mutated_mirror_indexes_are_read_or_refused_with_CatalogFormatException()
    {
        var indexes = Directory.GetFiles(TestEnvironment.Shared("catalog-index-samples"), "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        Assert.NotEmpty(indexes);

        Mutated(indexes).Sample(
            bytes => Expect<CatalogFormatException>(() => MirrorIndexReader.Read("/mirror/build_cache/index.json", bytes)),
            iter: Iterations(1500));
    }

    [Fact]
    public void Mutated_specs_parse_or_throw_SpecParseException_and_requirements_never_throw()
    {
        var specs = SpecSeeds.Select(Encoding.UTF8.GetBytes).ToList();

        Mutated(specs).Sample(
            bytes =>
            {
                var text = Encoding.UTF8.GetString(bytes);
                Expect<SpecParseException>(() => SpecParser.Parse(text));
                Expect<SpecParseException>(() => SpecParser.Parse(text, legacySyntax: true));
                Expect<SpecParseException>(() => SpecParser.ParseAnonymous(text));
                var diagnostics = new List<Diagnostic>();
                RequirementReader.Read([new RequirementInput(text, Version: text, Arch: text, Severity: text)], Host, MicroarchitectureTable.Embedded, diagnostics);
            },
            iter: Iterations(3000));
    }

    [Fact]
    public void Mutated_environments_never_throw()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var context = new EnvironmentContext(Host, new Dictionary<string, string>());
        var counter = 0;

        Mutated([Encoding.UTF8.GetBytes(EnvironmentSeed)]).Sample(
            bytes =>
            {
                var path = folder.Combine($"spack{Interlocked.Increment(ref counter)}.yaml");
                File.WriteAllBytes(path, bytes);
                EnvironmentReader.Read(new EnvironmentInput(path), context, new List<Diagnostic>());
            },
            iter: Iterations(400));
    }

    [Fact]
    public void A_damaged_parsed_catalog_cache_is_ignored_and_the_catalog_read_again()
    {
        // A build killed while obj/ is written, a disk error: the cache is only ever a shortcut.
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var options = new CatalogLoadOptions { CacheDirectory = folder.Combine("cache") };
        var fresh = SourceKinds.Load([TestEnvironment.SharedCatalog], options);
        var cacheFile = folder.Combine("cache", CatalogCache.FileName);
        var good = File.ReadAllBytes(cacheFile);
        Assert.True(fresh.Catalog.SpecCount > 0);

        Mutated([good]).Sample(
            bytes =>
            {
                File.WriteAllBytes(cacheFile, bytes);
                var loaded = SourceKinds.Load([TestEnvironment.SharedCatalog], options);
                Assert.Equal(fresh.Catalog.SpecCount, loaded.Catalog.SpecCount);
                Assert.Equal(fresh.Diagnostics.Count, loaded.Diagnostics.Count);
            },
            // Each sample loads the whole shared catalog on one thread (they share the cache file); a long run stays short here.
            iter: Math.Min(Iterations(100), 2000),
            threads: 1);
    }

    [Fact]
    public void Mutated_machine_facts_never_throw()
    {
        // What `cachetasks host` reads from files a user names, and what detection reads from /proc and /etc.
        var data = TestEnvironment.Repository("tests", "CacheTasks.Core.Tests", "Platform", "Data");
        var cpuinfo = Directory.GetFiles(data, "cpuinfo-*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        var osRelease = Directory.GetFiles(data, "os-release-*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        var sysctl = File.ReadAllBytes(Path.Combine(data, "sysctl-apple-m2.txt"));

        Gen.Select(Mutated(cpuinfo), Mutated(osRelease), Mutated([sysctl]), Gen.OneOf("x86_64", "aarch64", "ppc64le")).Sample(
            (cpu, os, mac, family) =>
            {
                HostDetector.Detect(new HostFacts("linux", family, Encoding.UTF8.GetString(os), Encoding.UTF8.GetString(cpu)), MicroarchitectureTable.Embedded);
                HostDetector.Detect(new HostFacts("darwin", family == "x86_64" ? family : "aarch64", null, null, MacOSVersion: Encoding.UTF8.GetString(os.AsSpan(0, Math.Min(8, os.Length)))) { SysctlText = Encoding.UTF8.GetString(mac) }, MicroarchitectureTable.Embedded);
            },
            iter: Iterations(300));
    }

    [Fact]
    public void Mutated_microarchitecture_tables_never_throw()
    {
        var table = File.ReadAllBytes(TestEnvironment.Shared("archspec", "microarchitectures.json"));

        Mutated([table]).Sample(
            bytes =>
            {
                var read = ArchspecJson.Read(Encoding.UTF8.GetString(bytes), "microarchitectures.json", new List<Diagnostic>());
                foreach (var name in read?.Names ?? [])
                {
                    read!.FamilyOf(name);
                }
            },
            iter: Iterations(200));
    }

    [Fact]
    public async Task A_microarchitecture_table_whose_targets_derive_from_each_other_is_CT3002_without_hanging()
    {
        const string Cycle = """
            {"microarchitectures": {
              "a": {"from": ["b"], "vendor": "generic", "features": []},
              "b": {"from": ["a"], "vendor": "generic", "features": []},
              "c": {"from": ["c"], "vendor": "generic", "features": []}
            }}
            """;
        var diagnostics = new List<Diagnostic>();

        var read = await Task.Run(() => ArchspecJson.Read(Cycle, "microarchitectures.json", diagnostics), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.Null(read);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.UnknownArch, diagnostic.Code);
        Assert.Contains(string.Format(Messages.MicroarchitecturesCycle, "a"), diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_microarchitecture_table_naming_a_target_twice_is_CT3002()
    {
        const string Twice = """
            {"microarchitectures": {
              "x86_64": {"from": [], "vendor": "generic", "features": []},
              "x86_64": {"from": [], "vendor": "generic", "features": ["sse"]}
            }}
            """;
        var diagnostics = new List<Diagnostic>();

        var read = ArchspecJson.Read(Twice, "microarchitectures.json", diagnostics);

        Assert.Null(read);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.UnknownArch, diagnostic.Code);
        Assert.Contains(string.Format(Messages.MicroarchitecturesBadTarget, "x86_64", Messages.MicroarchitecturesDefinedTwice), diagnostic.Message, StringComparison.Ordinal);
    }

    /// <summary>Runs <paramref name="read"/>; any exception but <typeparamref name="TAllowed"/> fails the sample.</summary>
    private static void Expect<TAllowed>(Action read)
        where TAllowed : Exception
    {
        try
        {
            read();
        }
        catch (TAllowed)
        {
        }
    }
}
