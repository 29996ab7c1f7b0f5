using System.Text.Json;
using System.Text.Json.Nodes;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Environments;
using CacheTasks.Platform;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Environments;

/// <summary>
/// <c>SpackUseLockFile</c>: each root of a spack.lock is required by its hash, and so is every node
/// installing its binary also installs (its link/run closure in <c>concrete_specs</c>).
/// </summary>
public sealed class LockFileTests
{
    private const string Root = "rootrootrootrootrootrootrootroot";
    private const string Python = "pythonpythonpythonpythonpythonpy";
    private const string PyPip = "pippippippippippippippippippippi";
    private const string Gcc = "gccgccgccgccgccgccgccgccgccgccgc";
    private const string Runtime = "runtimeruntimeruntimeruntimerunt";
    private const string Zlib = "zlibzlibzlibzlibzlibzlibzlibzlib";
    private const string Pkgconf = "pkgconfpkgconfpkgconfpkgconfpkgc";
    private const string Openssl = "opensslopensslopensslopensslopen";

    private static readonly SpackArch Host = new("linux", "ubuntu24.04", "x86_64_v3");

    private static string Edge(string name, string hash, params string[] deptypes) =>
        "{\"name\": \"" + name + "\", \"hash\": \"" + hash + "\", \"parameters\": {\"deptypes\": [" + string.Join(", ", deptypes.Select(t => "\"" + t + "\"")) + "], \"virtuals\": []}}";

    private static string Node(string name, string version, params string[] edges) =>
        "{\"name\": \"" + name + "\", \"version\": \"" + version + "\", \"arch\": {\"platform\": \"linux\", \"platform_os\": \"ubuntu24.04\", \"target\": \"x86_64_v3\"}, \"dependencies\": [" + string.Join(", ", edges) + "]}";

    // The shape Spack 1.0 writes (lockfile version 6): the compiler is a build-only external node,
    // gcc-runtime a link dependency of everything it compiled.
    private static readonly string SpackOneLock = $$$"""
        {
          "_meta": {"file-type": "spack-lockfile", "lockfile-version": 6, "specfile-version": 5},
          "spack": {"version": "1.0.0"},
          "roots": [{"hash": "{{{Root}}}", "spec": "py-pdm-backend@2.4"}],
          "concrete_specs": {
            "{{{Root}}}": {{{Node("py-pdm-backend", "2.4.3", Edge("python", Python, "build", "run"), Edge("py-pip", PyPip, "build"), Edge("gcc", Gcc, "build"), Edge("gcc-runtime", Runtime, "link"))}}},
            "{{{Python}}}": {{{Node("python", "3.13.1", Edge("zlib", Zlib, "build", "link"), Edge("pkgconf", Pkgconf, "build"), Edge("gcc", Gcc, "build"), Edge("gcc-runtime", Runtime, "link"), Edge("openssl", Openssl, "link"))}}},
            "{{{PyPip}}}": {{{Node("py-pip", "24.3", Edge("python", Python, "build", "run"))}}},
            "{{{Zlib}}}": {{{Node("zlib", "1.3.1", Edge("gcc-runtime", Runtime, "link"), Edge("pkgconf", Pkgconf, "build"))}}},
            "{{{Pkgconf}}}": {{{Node("pkgconf", "2.2.0")}}},
            "{{{Runtime}}}": {{{Node("gcc-runtime", "13.3.0")}}},
            "{{{Gcc}}}": {"name": "gcc", "version": "13.3.0", "external": {"path": "/usr", "module": null} },
            "{{{Openssl}}}": {"name": "openssl", "version": "3.0.13", "external": {"path": "/usr", "module": null} }
          }
        }
        """;

    private static (IReadOnlyList<RequirementInput> Inputs, List<Diagnostic> Diagnostics) Read(TemporaryDirectory folder, string lockFile)
    {
        var path = folder.Write("spack.yaml", "spack:\n  specs:\n  - py-pdm-backend@2.4\n");
        folder.Write("spack.lock", lockFile);
        var diagnostics = new List<Diagnostic>();
        return (EnvironmentReader.Read(new EnvironmentInput(path), new EnvironmentContext(Host, new Dictionary<string, string>(), UseLockFile: true), diagnostics), diagnostics);
    }

    /// <summary>A whole check of the environment at <paramref name="environment"/> with its spack.lock, reports in folder/out.</summary>
    private static CoverageRunResult CheckLocked(TemporaryDirectory folder, string catalog, string environment, string[] reportFormats, params string[] arches) =>
        CoverageRun.Execute(new CoverageRunOptions
        {
            CatalogSources = [catalog],
            Arches = arches,
            Environments = [new EnvironmentInput(environment)],
            UseLockFile = "true",
            ReportDirectory = folder.Combine("out"),
            ReportFormats = reportFormats,
            EnvironmentVariables = new Dictionary<string, string>(),
        });

    private static string Page(string name, string version, string hash, string os = "ubuntu24.04") =>
        $"---\ntitle: \"{name}\"\ncategories: [package, develop]\nspec_details: [{{\"hash\": \"{hash}\", \"versions\": [\"{version}\"], \"os\": \"{os}\", \"platform\": \"linux\", \"target\": \"x86_64_v3\", \"compiler\": \"gcc@13.3.0\", \"variants\": [], \"stacks\": [\"develop\"]}}]\n---";

    [Fact]
    public void A_root_needs_its_link_and_run_closure_not_its_build_only_dependencies_nor_externals()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();

        var (inputs, diagnostics) = Read(folder, SpackOneLock);

        Assert.Empty(diagnostics);
        var root = Assert.Single(inputs);
        Assert.Equal("py-pdm-backend/" + Root, root.Text);
        // python (run), gcc-runtime (link), then python's zlib (link); never py-pip, gcc or pkgconf
        // (build only, at any depth) nor the external openssl.
        Assert.Equal(["python/" + Python, "gcc-runtime/" + Runtime, "zlib/" + Zlib], root.LockedDependencies.Select(d => d.ToString()));
    }

    [Fact]
    public void Older_lock_layouts_give_the_same_closure()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        // Lock files 1-3 (Spack before 0.19): each node nested under its name, dependencies keyed by
        // name with a "type" list, or only a hash (build and link).
        var (inputs, diagnostics) = Read(folder, $$$"""
            {
              "_meta": {"file-type": "spack-lockfile", "lockfile-version": 3},
              "roots": [{"hash": "{{{Root}}}", "spec": "py-pdm-backend@2.4"}],
              "concrete_specs": {
                "{{{Root}}}": {"py-pdm-backend": {"version": "2.4.3", "dependencies": {"python": {"hash": "{{{Python}}}", "type": ["build", "run"]}, "py-pip": {"hash": "{{{PyPip}}}", "type": ["build"]} } } },
                "{{{Python}}}": {"python": {"version": "3.13.1", "dependencies": {"zlib": "{{{Zlib}}}"} } },
                "{{{PyPip}}}": {"py-pip": {"version": "24.3"} },
                "{{{Zlib}}}": {"zlib": {"version": "1.3.1", "dependencies": [{"name": "gcc-runtime", "hash": "{{{Runtime}}}", "type": ["link"]}]} },
                "{{{Runtime}}}": {"gcc-runtime": {"version": "13.3.0"} }
              }
            }
            """);

        Assert.Empty(diagnostics);
        Assert.Equal(["python/" + Python, "zlib/" + Zlib, "gcc-runtime/" + Runtime], Assert.Single(inputs).LockedDependencies.Select(d => d.ToString()));
    }

    [Fact]
    public void A_dependency_the_lock_does_not_describe_is_CT3003_at_its_edge_and_the_rest_is_still_required()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var lockFile = SpackOneLock.Replace($"\"{Zlib}\": ", "\"notzlib\": ", StringComparison.Ordinal);

        var (inputs, diagnostics) = Read(folder, lockFile);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidEnvironment, diagnostic.Code);
        Assert.Equal(string.Format(Messages.EnvironmentInvalid, folder.Combine("spack.lock"), string.Format(Messages.EnvironmentErrorLockDependency, "zlib", Zlib, "python")), diagnostic.Message);
        var lines = lockFile.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains($"\"{Python}\": ", StringComparison.Ordinal)) + 1;
        Assert.Equal(new SourceLocation(folder.Combine("spack.lock"), line, lines[line - 1].IndexOf("{\"name\": \"zlib\"", StringComparison.Ordinal) + 1), diagnostic.Location);
        Assert.Equal(["python/" + Python, "gcc-runtime/" + Runtime], Assert.Single(inputs).LockedDependencies.Select(d => d.ToString()));
    }

    [Fact]
    public void A_lock_that_is_not_JSON_is_CT3003_where_the_JSON_breaks_and_the_specs_of_spack_yaml_are_checked()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();

        var (inputs, diagnostics) = Read(folder, "{\"roots\": [\n  {\"hash\": \"" + Root + "\", \"spec\": \"py-pdm-backend\"},\n]}");

        Assert.Equal(["py-pdm-backend@2.4"], inputs.Select(i => i.Text));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidEnvironment, diagnostic.Code);
        Assert.Equal(new SourceLocation(folder.Combine("spack.lock"), 3, 1), diagnostic.Location);
        Assert.Contains(string.Format(Messages.EnvironmentLockNotJson, string.Empty), diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_in_the_lock_ends()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var lockFile = SpackOneLock.Replace(Node("pkgconf", "2.2.0"), Node("pkgconf", "2.2.0", Edge("zlib", Zlib, "link")), StringComparison.Ordinal)
            .Replace(Node("gcc-runtime", "13.3.0"), Node("gcc-runtime", "13.3.0", Edge("python", Python, "run")), StringComparison.Ordinal);

        var (inputs, diagnostics) = Read(folder, lockFile);

        Assert.Empty(diagnostics);
        Assert.Equal(["python/" + Python, "gcc-runtime/" + Runtime, "zlib/" + Zlib], Assert.Single(inputs).LockedDependencies.Select(d => d.ToString()));
    }

    [Fact]
    public void A_locked_root_whose_dependencies_the_catalog_lacks_is_missing_and_says_which_by_name_and_hash()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/py-pdm-backend.md", Page("py-pdm-backend", "2.4.3", Root));
        folder.Write("catalog/python.md", Page("python", "3.13.1", Python));
        // The catalog's gcc-runtime is another build (another hash) than the one the lock pinned; zlib is absent.
        folder.Write("catalog/gcc-runtime.md", Page("gcc-runtime", "13.3.0", "otherruntimeotherruntimeotherrun"));
        var path = folder.Write("env/spack.yaml", "spack:\n  specs:\n  - py-pdm-backend@2.4\n");
        folder.Write("env/spack.lock", SpackOneLock);
        var ubuntu22 = new SpackArch("linux", "ubuntu22.04", "x86_64_v3");

        var run = CheckLocked(folder, folder.Combine("catalog"), path, ["json", "md"], Host.ToString(), ubuntu22.ToString());

        // Each absent node says what the catalog has instead on the row's arch (issue 22): gcc-runtime
        // under another hash, built by a compiler the locked node does not record; zlib not at all.
        var zlib = string.Format(Messages.LockedDependencyNotInCatalog, "zlib/" + Zlib);
        var onHost = string.Format(Messages.LockedDependencyOtherHash, "gcc-runtime/" + Runtime, "gcc-runtime", string.Format(Messages.LockedDependencyCompiler, "gcc@13.3.0", "none"));
        var onUbuntu22 = string.Format(Messages.LockedDependencyNotForArch, "gcc-runtime/" + Runtime, "gcc-runtime");
        var rows = run.Result!.Rows;
        Assert.Equal([CoverageStatus.Missing, CoverageStatus.Missing], rows.Select(r => r.Status));
        Assert.Equal(string.Format(Messages.HintLockedDependenciesAbsent, "py-pdm-backend", Host, string.Format(Messages.LockedDependenciesCounted, 2, 3, onHost + ", " + zlib)), rows[0].Hint);
        Assert.Equal(Mismatch.Dependency, rows[0].RuledOutBy);
        // Where the root's own binary does not run, its hint says so first and then names the same nodes.
        Assert.Equal(string.Format(Messages.HintExistsElsewhere, "2.4.3", Host) + string.Format(Messages.HintLockedDependenciesAbsentToo, string.Format(Messages.LockedDependenciesCounted, 2, 3, onUbuntu22 + ", " + zlib)), rows[1].Hint);
        Assert.All(run.Diagnostics, d => Assert.Equal(DiagnosticCodes.MissingForArch, d.Code));
        Assert.Equal(2, run.Diagnostics.Count);
        Assert.Contains("zlib/" + Zlib, run.Diagnostics[0].Message, StringComparison.Ordinal);

        Assert.Contains("✗ " + string.Format(Messages.CellLockedDependenciesAbsent, 2), File.ReadAllText(folder.Combine("out", "coverage.md")), StringComparison.Ordinal);
        var json = File.ReadAllText(folder.Combine("out", "coverage.json"));
        Assert.Empty(CoverageSchema.Errors(json));
        using var document = JsonDocument.Parse(json);
        Assert.All(document.RootElement.GetProperty("results").EnumerateArray(), r => Assert.Equal(
            ["gcc-runtime/" + Runtime, "zlib/" + Zlib],
            r.GetProperty("missingDependencies").EnumerateArray().Select(e => e.GetString())));
    }

    [Fact]
    public void A_locked_root_with_its_whole_closure_in_the_catalog_is_covered()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        foreach (var (name, version, hash) in new[] { ("py-pdm-backend", "2.4.3", Root), ("python", "3.13.1", Python), ("gcc-runtime", "13.3.0", Runtime), ("zlib", "1.3.1", Zlib) })
        {
            folder.Write($"catalog/{name}.md", Page(name, version, hash));
        }

        var path = folder.Write("env/spack.yaml", "spack:\n  specs:\n  - py-pdm-backend@2.4\n");
        folder.Write("env/spack.lock", SpackOneLock);

        var run = CheckLocked(folder, folder.Combine("catalog"), path, ["json"], Host.ToString());

        var row = Assert.Single(run.Result!.Rows);
        Assert.Equal(CoverageStatus.Covered, row.Status);
        Assert.Equal(Root, row.BestMatch!.Hash);
        Assert.Empty(run.Diagnostics);
        Assert.DoesNotContain("missingDependencies", File.ReadAllText(folder.Combine("out", "coverage.json")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "covered", new string[0])]
    // Without the libelf the locked libdwarf links (and gcc-runtime, which both link), the root's own binary is not enough.
    [InlineData("jr3yipyxyjulcdvckwwwjrrumis7glpa", "missing", new[] { "libelf/jr3yipyxyjulcdvckwwwjrrumis7glpa" })]
    [InlineData("izgzpzeljwairalfjm3k6fntbb64nt6n", "missing", new[] { "gcc-runtime/izgzpzeljwairalfjm3k6fntbb64nt6n" })]
    // The compiler and compiler-wrapper are build-only: a cache without them still installs libdwarf.
    [InlineData("qeehcxyvluwnihsc2qxstmpomtxo3lrc", "covered", new string[0])]
    public void A_lock_concretized_from_Spacks_own_database_v8_fixture_is_checked_against_that_index(string? installNotInCache, string status, string[] missing)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        // A spack.lock's concrete_specs are the same node dicts as the index's specs; this lock has
        // the fixture's libdwarf for m1 as its root.
        var index = JsonNode.Parse(File.ReadAllText(TestEnvironment.Shared("catalog-index-samples", "v2_layout-unsigned-index.db-v8.json")))!;
        var installs = index["database"]!["installs"]!.AsObject();
        var concrete = new JsonObject();
        foreach (var (hash, install) in installs)
        {
            concrete[hash] = install!["spec"]!.DeepClone();
        }

        var lockFile = new JsonObject
        {
            ["_meta"] = new JsonObject { ["file-type"] = "spack-lockfile", ["lockfile-version"] = 6, ["specfile-version"] = 5 },
            ["roots"] = new JsonArray(new JsonObject { ["hash"] = "u5uz3dcch5if4eve4sef67o2rf2lbfgh", ["spec"] = "libdwarf" }),
            ["concrete_specs"] = concrete,
        };
        if (installNotInCache is not null)
        {
            // A mirror's index keeps the nodes it lacks in the graph, marked outside the build cache.
            installs[installNotInCache]!["in_buildcache"] = false;
        }

        var catalog = folder.Write("mirror/index.json", index.ToJsonString());
        var path = folder.Write("env/spack.yaml", "spack:\n  specs:\n  - libdwarf\n");
        folder.Write("env/spack.lock", lockFile.ToJsonString());

        var run = CheckLocked(folder, catalog, path, ["json"], "test-debian6-m1");

        var row = Assert.Single(run.Result!.Rows);
        Assert.Equal(status, CoverageStatusNames.Of(row.Status));
        Assert.Equal(missing, row.AbsentLockedDependencies.Select(d => d.ToString()));
        Assert.DoesNotContain(run.Diagnostics, d => d.Code is DiagnosticCodes.InvalidEnvironment or DiagnosticCodes.UnreadableCatalogFile);
    }
}
