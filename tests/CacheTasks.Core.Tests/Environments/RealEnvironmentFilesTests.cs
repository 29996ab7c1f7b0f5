using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Environments;
using CacheTasks.Platform;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Specs;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Environments;

/// <summary>
/// Environment files written by HPC centres and projects outside Spack's own CI and test data
/// (tests/data/environments/real, SOURCE.md: repository, path, commit, licence), read as a user
/// meets them: NERSC's Cori stacks write every spec Spack 0.x style, <c>name%gcc arch=cray-cnl7-haswell</c>
/// (a three-part arch, and variants, after the compiler), Intel's CPU stack puts compiler flags after
/// <c>%oneapi</c>, and Argonne's questions-ui commits a lockfile of version 5 (Spack 0.22).
/// </summary>
public sealed class RealEnvironmentFilesTests
{
    private static readonly SpackArch Host = new("linux", "ubuntu24.04", "zen3");

    private static string Real(params string[] parts) => TestEnvironment.Repository(["tests", "data", "environments", "real", .. parts]);

    private static string SpackConfigs(string folder) => Real(["spack-configs", .. folder.Split('/'), "spack.yaml"]);

    private static (IReadOnlyList<Requirement> Requirements, List<Diagnostic> Diagnostics) Requirements(string path)
    {
        var diagnostics = new List<Diagnostic>();
        var inputs = EnvironmentReader.Read(new EnvironmentInput(path), new EnvironmentContext(Host, new Dictionary<string, string>()), diagnostics);
        return (RequirementReader.Read(inputs, Host, MicroarchitectureTable.Embedded, diagnostics), diagnostics);
    }

    public static TheoryData<string, int, int> NerscStacks() => new()
    {
        // folder, specs, texts with a clause whose meaning changed in Spack 1.0
        { "NERSC/cori/e4s-stacks/hsw", 92, 42 },
        { "NERSC/cori/e4s-stacks/x86", 85, 85 },
    };

    [Theory]
    [MemberData(nameof(NerscStacks))]
    public void A_NERSC_stack_is_read_whole_and_each_changed_spec_gets_one_short_CT3006(string folder, int specs, int changed)
    {
        var (requirements, diagnostics) = Requirements(SpackConfigs(folder));

        // The stack's include (../spack-configs, a folder of config files) is found, and no spec is dropped.
        Assert.Equal(specs, requirements.Count);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var notes = diagnostics.Where(d => d.Code == DiagnosticCodes.ConstraintsAfterCompiler).ToList();
        Assert.Equal(diagnostics.Count, notes.Count);
        Assert.Equal(changed, notes.Count);
        Assert.Equal(changed, requirements.Select(r => r.Text).Distinct(StringComparer.Ordinal).Count(t => SpecParser.Parse(t).LegacyClauses.Count > 0));
        Assert.All(notes, n => Assert.True(n.Message.Length < 500, $"{n.Message.Length} characters: {n.Message}"));
    }

    [Fact]
    public void A_three_part_arch_after_the_compiler_is_the_compilers_arch_as_Spack_1_0_reads_it()
    {
        var path = SpackConfigs("NERSC/cori/e4s-stacks/hsw");
        var (requirements, diagnostics) = Requirements(path);

        var cmake = requirements.First(r => r.Text == "cmake@3.14.4%gcc arch=cray-cnl7-haswell");

        // cmake itself asks for no arch; its gcc is asked for platform cray, os cnl7, target haswell.
        Assert.Equal((null, null, null), (cmake.Spec.Platform, cmake.Spec.Os, cmake.Spec.Target));
        var gcc = cmake.Spec.Compiler!.Node!;
        Assert.Equal(("cray", "cnl7", "haswell"), (gcc.Platform, gcc.Os, gcc.Target!.ToString()));
        var note = diagnostics.First(d => d.Code == DiagnosticCodes.ConstraintsAfterCompiler);
        Assert.Equal(string.Format(Messages.ConstraintsAfterCompiler, cmake.Text, "%gcc", "arch=cray-cnl7-haswell", "cmake@3.14.4 arch=cray-cnl7-haswell %gcc", "cmake"), note.Message);
        Assert.Equal((path, 9, 5), (note.Location!.File, note.Location.Line, note.Location.Column));
    }

    [Fact]
    public void Variants_run_together_after_the_compiler_move_before_it_in_the_rewrite_and_the_dependency_stays()
    {
        var (requirements, diagnostics) = Requirements(SpackConfigs("NERSC/cori/e4s-stacks/hsw"));
        const string Text = "boost%gcc+clanglibcpp cxxstd=98 +date_time+icu+mpi+numpy+pic+python^python@3.5.0";

        var boost = requirements.Single(r => r.Text == Text);

        Assert.Empty(boost.Spec.Variants);
        Assert.Equal("python", Assert.Single(boost.Spec.Dependencies).Node.Name);
        var rewrite = SpecParser.Parse(boost.Spec.LegacyReading!);
        Assert.Empty(rewrite.LegacyClauses);
        Assert.Equal(["+clanglibcpp", "cxxstd=98", "+date_time", "+icu", "+mpi", "+numpy", "+pic", "+python"], rewrite.Variants.Select(v => v.Text));
        Assert.Equal(("gcc", "python@3.5.0"), (rewrite.Compiler!.Name, Assert.Single(rewrite.Dependencies).Node.Text));
        Assert.Single(diagnostics, d => d.Message.StartsWith("'" + Text + "'", StringComparison.Ordinal));
    }

    [Fact]
    public void Compiler_flags_after_oneapi_in_a_long_spec_are_one_CT3006_that_names_the_compiler_and_package()
    {
        var path = SpackConfigs("INTEL/CPU");
        var (requirements, diagnostics) = Requirements(path);

        // Seven specs (one is commented out); six put flags or variants after %oneapi, wrf does not.
        Assert.Equal(7, requirements.Count);
        Assert.Equal(6, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticCodes.ConstraintsAfterCompiler, d.Code));
        var gromacs = requirements[0];
        Assert.True(gromacs.Text.Length > RequirementNotes.LongRequirement);
        Assert.Equal(
            string.Format(Messages.ConstraintsAfterCompilerLong, string.Concat(gromacs.Text.AsSpan(0, RequirementNotes.ShownText), "…"), "%oneapi", "gromacs"),
            diagnostics[0].Message);
        Assert.Equal((path, 3, 7), (diagnostics[0].Location!.File, diagnostics[0].Location!.Line, diagnostics[0].Location!.Column));
    }

    // Argonne's questions-ui lock (Spack 0.22.0.dev0, lockfile 5), trimmed to its postgresql root:
    // postgresql built for broadwell on ubuntu22.04, with build tools and some libraries reused from centos7.
    private const string Postgresql = "24yf2geg66xumfysbgk6vrw2ex7fwj26";

    private static readonly (string Name, string Version, string Hash, string Os, string Target, string Compiler)[] LockedNodes =
    [
        ("postgresql", "15.2", Postgresql, "ubuntu22.04", "broadwell", "gcc@13.2.0"),
        ("gcc-runtime", "13.2.0", "4b46r64gup6thghiskidzlf7nf4rzccb", "ubuntu22.04", "x86_64_v3", "gcc@13.2.0"),
        ("openssl", "3.3.0", "vowapgn5ge4ztknvginzf4iljimigv5j", "centos7", "x86_64_v3", "gcc@10.2.1"),
        ("readline", "8.2", "zbsbow73ilkfzdljdgxfev6uq6aqx2io", "centos7", "x86_64_v3", "gcc@10.2.1"),
        ("gcc-runtime", "10.2.1", "wxq34pk4adw436f2oyk23gyqlsgeimfk", "centos7", "x86_64_v3", "gcc@10.2.1"),
        ("zlib-ng", "2.1.6", "leuwjfvddomrdufajy3xfjcfwmew6wff", "centos7", "x86_64_v3", "gcc@10.2.1"),
        ("ncurses", "6.5", "h74llfjwdbs3igzqzcq7npfbzsr4ldwx", "centos7", "x86_64_v3", "gcc@10.2.1"),
    ];

    [Fact]
    public void A_real_version_5_lock_gives_its_root_its_arch_its_compiler_and_its_link_run_closure()
    {
        var path = Real("argonne-questions-ui", "spack.lock");
        Assert.Contains("\"lockfile-version\":5", File.ReadAllText(path), StringComparison.Ordinal);
        var diagnostics = new List<Diagnostic>();

        var root = Assert.Single(LockFileReader.Read(path, diagnostics));

        Assert.Empty(diagnostics);
        Assert.Equal(("postgresql", "postgresql", Postgresql), (root.Spec, root.Name, root.Hash));
        // The root's target is written as archspec's whole object; its compiler as a v7-era object,
        // which Spack 1.0 reads as a build edge to gcc@13.2.0.
        Assert.Equal(new SpackArch("linux", "ubuntu22.04", "broadwell"), root.Node!.Arch);
        Assert.Equal("gcc@13.2.0", root.Node.HistoricalCompiler?.ToString());
        // Link and run edges only: gmake and perl are build-only, glibc is an external.
        Assert.Equal(
            LockedNodes.Skip(1).Select(n => $"{n.Name}/{n.Hash} linux-{n.Os}-{n.Target} {n.Version}"),
            root.Dependencies.Select(d => $"{d} {d.Node!.Arch} {d.Node.VersionText}"));
    }

    [Theory]
    [InlineData("exact")]
    [InlineData("libc")]
    public void A_real_version_5_lock_is_checked_by_exact_hash_and_a_missing_locked_node_is_hinted(string osCompatibility)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        // The catalog has every locked node at the arch the lock recorded, except zlib-ng, which it
        // has only as another build (another hash, a newer version).
        foreach (var node in LockedNodes.Where(n => n.Name != "zlib-ng").Append((Name: "zlib-ng", Version: "2.2.1", Hash: "zlibngzlibngzlibngzlibngzlibngzl", Os: "centos7", Target: "x86_64_v3", Compiler: "gcc@10.2.1")))
        {
            folder.Write($"catalog/{node.Name}-{node.Hash}.md", $"---\ntitle: \"{node.Name}\"\ncategories: [package, develop]\nspec_details: [{{\"hash\": \"{node.Hash}\", \"versions\": [\"{node.Version}\"], \"os\": \"{node.Os}\", \"platform\": \"linux\", \"target\": \"{node.Target}\", \"compiler\": \"{node.Compiler}\", \"variants\": [], \"stacks\": [\"develop\"]}}]\n---");
        }

        var environment = folder.Write("env/spack.yaml", "spack:\n  specs:\n  - postgresql\n");
        File.Copy(Real("argonne-questions-ui", "spack.lock"), folder.Combine("env", "spack.lock"));
        var arch = new SpackArch("linux", "ubuntu22.04", "broadwell");

        var run = CoverageRun.Execute(new CoverageRunOptions
        {
            CatalogSources = [folder.Combine("catalog")],
            Arches = [arch.ToString()],
            Environments = [new EnvironmentInput(environment)],
            UseLockFile = "true",
            OsCompatibility = osCompatibility,
            ReportFormats = [],
            EnvironmentVariables = new Dictionary<string, string>(),
        });

        // The lock pins each node by hash, so the centos7 nodes it reused count on ubuntu22.04 under
        // either os rule; only zlib-ng is missing, and the hint says what the catalog has instead:
        // the other centos7 build runs on ubuntu22.04 only by the libc rule.
        var row = Assert.Single(run.Result!.Rows);
        Assert.Equal(CoverageStatus.Missing, row.Status);
        const string LockedZlib = "zlib-ng/leuwjfvddomrdufajy3xfjcfwmew6wff";
        var zlib = osCompatibility == "libc"
            ? string.Format(Messages.LockedDependencyOtherHash, LockedZlib, "zlib-ng", string.Format(Messages.LockedDependencyVersion, "2.2.1", "2.1.6") + "; " + string.Format(Messages.LockedDependencyVariantsLacking, "build_system=autotools +compat +new_strategies +opt +pic +shared"))
            : string.Format(Messages.LockedDependencyNotForArch, LockedZlib, "zlib-ng");
        Assert.Equal(
            string.Format(Messages.HintLockedDependenciesAbsent, "postgresql", arch, string.Format(Messages.LockedDependenciesCounted, 1, 6, zlib)),
            row.Hint);
    }
}
