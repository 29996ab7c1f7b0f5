using CacheTasks.Diagnostics;
using CacheTasks.Environments;
using CacheTasks.Platform;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Environments;

public sealed class EnvironmentReaderTests
{
    private static readonly SpackArch Host = new("linux", "ubuntu24.04", "zen3");

    // The shape of Spack's CI stacks (share/spack/gitlab/cloud_pipelines/stacks/*/spack.yaml): named
    // lists in definitions, some only on some machines, crossed in matrices with compilers and targets.
    private const string CiStack = """
        # A stack in the shape of Spack's CI pipelines.
        spack:
          view: false
          concretizer:
            unify: false

          definitions:
          - compilers: ['%gcc@13']
          - mpis: [openmpi]
          - packages:
            - hdf5 +mpi
            - netcdf-c
          - when: platform == 'linux'
            packages:
            - fftw
          - when: platform == 'darwin'
            packages:
            - libomp
          - targets: ['target=x86_64_v3']
          - when: env.get('CI_ARM') == '1'
            targets: [target=aarch64]

          specs:
          - zlib-ng@2.2
          - matrix:
            - [$packages]
            - [$compilers]
            - [$targets]
            exclude:
            - netcdf-c target=x86_64_v3
          - matrix:
            - [py-numpy]
            - [$^mpis]
        """;

    /// <summary>Reads an environment on a zen3 Ubuntu 24.04 host; other environment tests read through it too.</summary>
    internal static (IReadOnlyList<RequirementInput> Inputs, List<Diagnostic> Diagnostics) Read(string path, IReadOnlyDictionary<string, string>? variables = null, bool useLockFile = false, string? stack = null, string? severity = null)
    {
        var diagnostics = new List<Diagnostic>();
        var inputs = EnvironmentReader.Read(new EnvironmentInput(path, stack, severity), new EnvironmentContext(Host, variables ?? new Dictionary<string, string>(), useLockFile), diagnostics);
        return (inputs, diagnostics);
    }

    private static string[] Lines(IEnumerable<RequirementInput> inputs) =>
        inputs.Select(i => $"{i.Text} @{i.Location!.Line},{i.Location.Column}").ToArray();

    [Fact]
    public void A_CI_stack_expands_its_matrices_with_definitions_conditions_and_excludes()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", CiStack);

        var (inputs, diagnostics) = Read(path);

        Assert.Empty(diagnostics);
        Assert.Equal(
            [
                "zlib-ng@2.2 @24,5",
                "hdf5 +mpi target=x86_64_v3 %gcc@13 @11,7",
                "fftw target=x86_64_v3 %gcc@13 @15,7",
                "py-numpy ^openmpi @32,8",
            ],
            Lines(inputs));
        Assert.All(inputs, i => Assert.Equal(path, i.Location!.File));
    }

    [Fact]
    public void An_env_condition_adds_its_entries_where_it_holds()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", CiStack);

        var (inputs, diagnostics) = Read(path, new Dictionary<string, string> { ["CI_ARM"] = "1" });

        Assert.Empty(diagnostics);
        Assert.Equal(
            [
                "zlib-ng@2.2",
                "hdf5 +mpi target=x86_64_v3 %gcc@13",
                "hdf5 +mpi target=aarch64 %gcc@13",
                "netcdf-c target=aarch64 %gcc@13",
                "fftw target=x86_64_v3 %gcc@13",
                "fftw target=aarch64 %gcc@13",
                "py-numpy ^openmpi",
            ],
            inputs.Select(i => i.Text));
    }

    [Fact]
    public void Item_metadata_applies_to_every_spec()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", CiStack);

        var (inputs, _) = Read(path, stack: "e4s", severity: "error");

        Assert.All(inputs, i => Assert.Equal(("e4s", "error"), (i.Stack, i.Severity)));
    }

    [Fact]
    public void A_wrong_Severity_is_one_CT3004_for_the_environment_not_one_per_spec()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", CiStack);

        // The run's validator judges the item once, then the reader expands it with the default severity.
        var diagnostics = new List<Diagnostic>();
        var settings = RunInputValidator.Validate(new CoverageRunOptions { Environments = [new EnvironmentInput(path, null, "fatal")] }, diagnostics);
        var inputs = EnvironmentReader.Read(settings.Environments[0], new EnvironmentContext(Host, new Dictionary<string, string>(), false), diagnostics);

        Assert.Equal(4, inputs.Count);
        Assert.All(inputs, i => Assert.Null(i.Severity));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal((DiagnosticCodes.InvalidProperty, string.Format(Messages.InvalidEnvironmentSeverityMetadata, "fatal", path)), (diagnostic.Code, diagnostic.Message));
    }

    [Fact]
    public void The_documented_matrix_example_is_the_cartesian_product_less_the_excludes()
    {
        // Spack's "Spec Matrices" documentation: every package with every compiler, but not one pair.
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", """
            spack:
              specs:
              - matrix:
                - [zlib, libelf, libdwarf]
                - ['%gcc@7.1.0', '%gcc@4.9.3']
                exclude:
                - libdwarf%gcc@4.9.3
            """);

        var (inputs, diagnostics) = Read(path);

        Assert.Empty(diagnostics);
        Assert.Equal(
            [
                "zlib %gcc@7.1.0 @4,8",
                "zlib %gcc@4.9.3 @4,8",
                "libelf %gcc@7.1.0 @4,14",
                "libelf %gcc@4.9.3 @4,14",
                "libdwarf %gcc@7.1.0 @4,22",
            ],
            Lines(inputs));
    }

    [Fact]
    public void A_parse_error_in_a_matrix_row_points_at_that_row()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", """
            spack:
              specs:
              - matrix:
                - [zlib]
                - ['%gcc@']
            """);
        var (inputs, diagnostics) = Read(path);
        Assert.Empty(diagnostics);

        var requirementDiagnostics = new List<Diagnostic>();
        RequirementReader.Read(inputs, Host, MicroarchitectureTable.Embedded, requirementDiagnostics);

        var error = Assert.Single(requirementDiagnostics);
        Assert.Equal(DiagnosticCodes.InvalidRequirement, error.Code);
        // Just after the '@' of '%gcc@', where the version is missing.
        Assert.Equal(new SourceLocation(path, 5, 14), error.Location);
    }

    [Fact]
    public void A_one_part_arch_is_the_target_in_specs_excludes_and_conditions_as_Spack_reads_it()
    {
        // Spec._add_flag: an arch= value that is not three '-'-separated parts is the target.
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", """
            spack:
              definitions:
              - when: arch.satisfies('arch=zen3')
                extra: [fftw arch=zen3]
              specs:
              - hypre arch=x86_64
              - $extra
              - matrix:
                - [zlib, bzip2]
                - ['arch=x86_64_v3']
                exclude:
                - bzip2 arch=x86_64_v3
            """);
        var (inputs, diagnostics) = Read(path);
        Assert.Empty(diagnostics);
        Assert.Equal(["hypre arch=x86_64", "fftw arch=zen3", "zlib arch=x86_64_v3"], inputs.Select(i => i.Text));

        var requirementDiagnostics = new List<Diagnostic>();
        var requirements = RequirementReader.Read(inputs, Host, MicroarchitectureTable.Embedded, requirementDiagnostics);

        Assert.Empty(requirementDiagnostics);
        Assert.Equal([(null, null, "x86_64"), (null, null, "zen3"), (null, null, "x86_64_v3")], requirements.Select(r => (r.Spec.Platform, r.Spec.Os, r.Spec.Target?.ToString())));
    }

    [Fact]
    public void Included_files_contribute_definitions_that_the_environment_uses()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("common/definitions.yaml", """
            definitions:
            - compilers: ['%gcc@13', '%clang@18']
            - when: os == 'ubuntu24.04'
              apps: [cmake@3.30:]
            """);
        folder.Write("common/packages.yaml", """
            packages:
              all:
                require: '%gcc'
            """);
        var path = folder.Write("env/spack.yaml", """
            spack:
              include:
              - ../common/definitions.yaml
              - path: ../common/packages.yaml
              - path: ../site/optional.yaml
                optional: true
              definitions:
              - apps: [ninja]
              specs:
              - matrix:
                - [$apps]
                - [$compilers]
            """);

        var (inputs, diagnostics) = Read(path);

        Assert.Empty(diagnostics);
        Assert.Equal(
            [
                $"cmake@3.30: %gcc@13 @4,10",
                $"cmake@3.30: %clang@18 @4,10",
                $"ninja %gcc@13 @8,12",
                $"ninja %clang@18 @8,12",
            ],
            Lines(inputs));
        Assert.Equal([folder.Combine("common", "definitions.yaml"), folder.Combine("common", "definitions.yaml"), path, path], inputs.Select(i => Path.GetFullPath(i.Location!.File)));
    }

    [Fact]
    public void A_cycle_of_includes_is_CT3003_at_the_include_that_closes_it()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var shared = folder.Write("shared.yaml", """
            include:
            - spack.yaml
            definitions:
            - tools: [cmake]
            """);
        var path = folder.Write("spack.yaml", """
            spack:
              include: [shared.yaml]
              specs: [$tools]
            """);

        var (inputs, diagnostics) = Read(path);

        Assert.Equal(["cmake"], inputs.Select(i => i.Text));
        var cycle = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidEnvironment, cycle.Code);
        Assert.Equal(DiagnosticSeverity.Error, cycle.Severity);
        Assert.Equal(new SourceLocation(shared, 2, 3), cycle.Location);
        Assert.Equal(string.Format(Messages.EnvironmentInvalid, shared, string.Format(Messages.EnvironmentErrorIncludeCycle, "spack.yaml", $"{path} -> {shared} -> {path}")), cycle.Message);
    }

    [Fact]
    public void Bad_entries_are_CT3003_each_at_its_line_and_the_rest_is_read()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", """
            spack:
              include: [missing.yaml]
              definitions:
              - when: hostname.domain == 'login1'
                fast: [fftw]
              - when: env['SITE'] == 'lab'
                site: [slurm]
              - tools: [cmake, $nothing]
              specs:
              - $tools
              - $fast
              - $undefined
              - matrix: [[zlib]]
                extra: true
            """);

        var (inputs, diagnostics) = Read(path);

        Assert.Equal(["cmake"], inputs.Select(i => i.Text));
        Assert.All(diagnostics, d => Assert.Equal((DiagnosticCodes.InvalidEnvironment, DiagnosticSeverity.Error), (d.Code, d.Severity)));
        string Invalid(string reason) => string.Format(Messages.EnvironmentInvalid, path, reason);
        Assert.Equal(
            [
                (2, 13, Invalid(string.Format(Messages.EnvironmentErrorIncludeMissing, folder.Combine("missing.yaml")))),
                (4, 11, Invalid(string.Format(Messages.EnvironmentErrorWhen, "hostname.domain == 'login1'", "fast", "hostname.domain"))),
                (6, 11, Invalid(string.Format(Messages.EnvironmentErrorEnvVariable, "env['SITE'] == 'lab'", "site", "SITE"))),
                (8, 20, Invalid(string.Format(Messages.EnvironmentErrorUndefined, "$nothing", "nothing"))),
                (12, 5, Invalid(string.Format(Messages.EnvironmentErrorUndefined, "$undefined", "undefined"))),
                (14, 5, Invalid(string.Format(Messages.EnvironmentErrorShape, "matrix", Messages.EnvironmentShapeMatrix))),
            ],
            diagnostics.Select(d => (d.Location!.Line, d.Location.Column, d.Message)));
    }

    [Theory]
    [InlineData("spack:\n  specs: []\n", 2, 3)]
    [InlineData("spack:\n  view: true\n", 1, 1)]
    [InlineData("spack:\n  specs:\n  - zlib\n   - bad: [\n", 4, 9)]
    [InlineData("packages: {}\n", 1, 1)]
    public void An_environment_that_cannot_be_used_is_one_CT3003_with_its_position(string yaml, int line, int column)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", yaml);

        var (inputs, diagnostics) = Read(path);

        Assert.Empty(inputs);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidEnvironment, diagnostic.Code);
        Assert.Equal(new SourceLocation(path, line, column), diagnostic.Location);
    }

    [Fact]
    public void A_missing_environment_is_CT3003_naming_the_file()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Combine("nowhere", "spack.yaml");

        var (inputs, diagnostics) = Read(path);

        Assert.Empty(inputs);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(string.Format(Messages.EnvironmentInvalid, path, Messages.EnvironmentErrorMissing), diagnostic.Message);
        Assert.Equal(new SourceLocation(path), diagnostic.Location);
    }

    [Fact]
    public void With_the_lock_file_the_roots_are_required_by_hash_at_their_spec_in_spack_yaml()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", """
            spack:
              specs:
              - py-pdm-backend@2.4 build_system=python_pip
              - alpgen
              - alpgen-extras
            """);
        var lockPath = folder.Write("spack.lock", """
            {
              "_meta": {"file-type": "spack-lockfile", "lockfile-version": 6, "specfile-version": 5},
              "spack": {"version": "1.0.0"},
              "roots": [
                {"hash": "23xpcy35kctih23qv5rqqqxijmrtw4v6", "spec": "py-pdm-backend@2.4 build_system=python_pip"},
                {"hash": "brkxkr24rphjezejrig3biua3424fgjv", "spec": "alpgen@2.1.4"},
                {"hash": "dgga4clivlzjkxcxymaa2inajuhxpfsi", "spec": "alpgen-extras@1"},
                {"hash": "zjpj5ait7gfxsoiotbyjcorlyq5pjxdw", "spec": "aida"}
              ],
              "concrete_specs": {
                "23xpcy35kctih23qv5rqqqxijmrtw4v6": {"name": "py-pdm-backend", "version": "2.4.3"},
                "brkxkr24rphjezejrig3biua3424fgjv": {"name": "alpgen", "version": "2.1.4"}
              }
            }
            """);

        var (locked, lockedDiagnostics) = Read(path, useLockFile: true);
        var (unlocked, _) = Read(path, useLockFile: false);

        Assert.Empty(lockedDiagnostics);
        // Same text; the only alpgen spec (not alpgen-extras); the only alpgen-extras spec; aida is not in spack.yaml, so its hash in spack.lock.
        Assert.Equal(
            [
                "py-pdm-backend/23xpcy35kctih23qv5rqqqxijmrtw4v6 @3,5",
                "alpgen/brkxkr24rphjezejrig3biua3424fgjv @4,5",
                "alpgen-extras/dgga4clivlzjkxcxymaa2inajuhxpfsi @5,5",
                "aida/zjpj5ait7gfxsoiotbyjcorlyq5pjxdw @8,15",
            ],
            Lines(locked));
        Assert.Equal([path, path, path, lockPath], locked.Select(i => i.Location!.File));
        Assert.Equal(["py-pdm-backend@2.4 build_system=python_pip", "alpgen", "alpgen-extras"], unlocked.Select(i => i.Text));
    }

    [Fact]
    public void A_lock_file_without_roots_is_CT3003_and_the_yaml_specs_are_used()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", "spack:\n  specs: [zlib]\n");
        var lockPath = folder.Write("spack.lock", "{\"roots\": []}");

        var (inputs, diagnostics) = Read(path, useLockFile: true);

        Assert.Equal(["zlib"], inputs.Select(i => i.Text));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(string.Format(Messages.EnvironmentInvalid, lockPath, string.Format(Messages.EnvironmentErrorLock, Messages.EnvironmentLockNoRoots)), diagnostic.Message);
    }

    [Fact]
    public void The_documented_spec_list_reference_example_expands_in_order()
    {
        // Spack's "Spec List References" documentation, with its conditional definition.
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", """
            spack:
              definitions:
              - first: [libelf, libdwarf]
              - compilers: ['%gcc', '%intel']
              - when: arch.satisfies('target=aarch64:')
                compilers: ['%arm']
              - second:
                - $first
                - matrix:
                  - [zlib]
                  - [$compilers]
              specs:
              - $second
              - cmake
            """);

        var (inputs, diagnostics) = Read(path);

        Assert.Empty(diagnostics);
        Assert.Equal(["libelf @3,13", "libdwarf @3,21", "zlib %gcc @10,10", "zlib %intel @10,10", "cmake @14,5"], Lines(inputs));
    }

    [Fact]
    public void The_example_in_docs_environments_md_expands_as_its_table_says()
    {
        var page = File.ReadAllText(TestEnvironment.Repository("docs", "environments.md")).Replace("\r\n", "\n");
        var start = page.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", page.Substring(start, page.IndexOf("```", start, StringComparison.Ordinal) - start));

        var (inputs, diagnostics) = Read(path);

        Assert.Empty(diagnostics);
        Assert.Equal(
            ["zlib-ng@2.2 @15,5", "hdf5 +mpi target=x86_64_v3 %gcc@13 @6,7", "fftw target=x86_64_v3 %gcc@13 @9,16", "py-numpy ^openmpi @22,5"],
            Lines(inputs));
    }

    [Fact]
    public void Sigil_references_and_a_matrix_nested_in_a_row_expand_as_in_Spack()
    {
        // e4s-style stacks write compilers and MPIs without their sigil and add it where they are used.
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", """
            spack:
              definitions:
              - compilers: [gcc@13, clang@18]
              - mpis: [openmpi@5, mpich]
              - solvers:
                - matrix:
                  - [petsc, hypre]
                  - [+mpi]
              specs:
              - matrix:
                - [$solvers]
                - [$%compilers]
                - [$^mpis]
                exclude:
                - hypre %clang
                - petsc ^mpich
            """);

        var (inputs, diagnostics) = Read(path);

        Assert.Empty(diagnostics);
        Assert.Equal(
            [
                "petsc +mpi %gcc@13 ^openmpi@5 @7,10",
                "petsc +mpi %clang@18 ^openmpi@5 @7,10",
                "hypre +mpi %gcc@13 ^openmpi@5 @7,17",
                "hypre +mpi %gcc@13 ^mpich @7,17",
            ],
            Lines(inputs));
    }

    [Fact]
    public void Include_paths_use_Spack_path_variables_and_remote_includes_are_named()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("env/ubuntu24.04/definitions.yaml", "definitions:\n- os_tools: [gdb]\n");
        folder.Write("site/definitions.yaml", "definitions:\n- site_tools: [slurm]\n");
        var path = folder.Write("env/spack.yaml", """
            spack:
              include:
              - $env/$os/definitions.yaml
              - ${SITE_CONFIG}/definitions.yaml
              - path: https://example.org/definitions.yaml
                sha256: 26e871804a92cd07bb3d611b31b4156ae93d35b6a6d6e0ef3a67871fcb1d258b
              specs: [$os_tools, $site_tools]
            """);

        var (inputs, diagnostics) = Read(path, new Dictionary<string, string> { ["SITE_CONFIG"] = folder.Combine("site") });

        Assert.Equal(["gdb", "slurm"], inputs.Select(i => i.Text));
        var remote = Assert.Single(diagnostics);
        Assert.Equal(string.Format(Messages.EnvironmentInvalid, path, string.Format(Messages.EnvironmentErrorIncludeRemote, "https://example.org/definitions.yaml")), remote.Message);
        Assert.Equal(new SourceLocation(path, 5, 11), remote.Location);
    }
}
