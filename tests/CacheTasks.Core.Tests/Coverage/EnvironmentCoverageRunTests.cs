using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Environments;
using CacheTasks.Platform;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Coverage;

/// <summary>A whole check with a spack.yaml against the shared catalog's real pages.</summary>
public sealed class EnvironmentCoverageRunTests
{
    private const string Arch = "linux-ubuntu22.04-x86_64_v3";

    private static CoverageRunResult Run(string environment, string? useLockFile = null, params RequirementInput[] requirements) =>
        CoverageRun.Execute(new CoverageRunOptions
        {
            CatalogSources = [TestEnvironment.SharedCatalog],
            Arches = [Arch],
            Requirements = requirements,
            Environments = [new EnvironmentInput(environment)],
            UseLockFile = useLockFile,
            EnvironmentVariables = new Dictionary<string, string>(),
            HostFacts = new HostFacts("linux", "x86_64", "ID=ubuntu\nVERSION_ID=\"22.04\"\n", "vendor_id\t: GenuineIntel\nflags\t\t: sse sse2\n"),
        });

    [Fact]
    public void Findings_point_at_the_spec_in_spack_yaml_and_unverified_dependencies_of_a_match_are_noted_once_per_requirement()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", """
            spack:
              specs:
              - py-pdm-backend@2.4 ^python@3.12
              - alpgen@3
              - no-such-package ^zlib
            """);

        var run = Run(path, null, new RequirementInput("alpgen@2.1"));

        Assert.Equal(["alpgen@2.1", "py-pdm-backend@2.4 ^python@3.12", "alpgen@3", "no-such-package ^zlib"], run.Result!.Rows.Select(r => r.Requirement.Text));
        Assert.Equal([CoverageStatus.Covered, CoverageStatus.Covered, CoverageStatus.Missing, CoverageStatus.Missing], run.Result.Rows.Select(r => r.Status));
        Assert.Equal(
            [
                ("CT3005", DiagnosticSeverity.Message, new SourceLocation(path, 3, 5), string.Format(Messages.DependenciesNotChecked, "py-pdm-backend@2.4 ^python@3.12", "'^python@3.12'", "py-pdm-backend")),
                ("CT1001", DiagnosticSeverity.Warning, new SourceLocation(path, 4, 5), string.Format(Messages.MissingForArch, "alpgen@3", Arch, run.Result.Rows[2].Hint)),
                ("CT1002", DiagnosticSeverity.Warning, new SourceLocation(path, 5, 5), run.Diagnostics[2].Message),
            ],
            run.Diagnostics.Select(d => (d.Code, d.Severity, d.Location!, d.Message)));
        // The page binary of py-pdm-backend matched on its root: the row says what it could not verify.
        Assert.Equal(["^python@3.12"], run.Result.Rows[1].Unverified);
        Assert.StartsWith("'no-such-package ^zlib'", run.Diagnostics[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_conditions_see_the_arch_being_checked_and_a_spec_only_some_arches_give_is_checked_only_there()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", """
            spack:
              definitions:
              - packages: [alpgen]
              - when: target == 'aarch64' or arch.satisfies('os=ubuntu24.04')
                packages: [ampt]
              specs:
              - $packages
            """);

        var run = CoverageRun.Execute(new CoverageRunOptions
        {
            CatalogSources = [TestEnvironment.SharedCatalog],
            Arches = [Arch, "linux-ubuntu24.04-aarch64"],
            Environments = [new EnvironmentInput(path)],
            EnvironmentVariables = new Dictionary<string, string>(),
            HostFacts = new HostFacts("linux", "x86_64", "ID=ubuntu\nVERSION_ID=\"22.04\"\n", "vendor_id\t: GenuineIntel\nflags\t\t: sse sse2\n"),
        });

        Assert.Equal(
            [("alpgen", Arch), ("alpgen", "linux-ubuntu24.04-aarch64"), ("ampt", "linux-ubuntu24.04-aarch64")],
            run.Result!.Rows.Select(r => (r.Requirement.Text, r.Arch.ToString())));
        Assert.DoesNotContain(run.Diagnostics, d => d.Code == DiagnosticCodes.InvalidEnvironment);
    }

    [Fact]
    public void Lock_file_roots_match_only_the_binary_with_their_hash()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", "spack:\n  specs:\n  - py-pdm-backend@2.4\n  - alpgen\n");
        folder.Write("spack.lock", """
            {"roots": [
              {"hash": "2cgtrubbmguzqbqgosxpripamweu3rlq", "spec": "py-pdm-backend@2.4"},
              {"hash": "brkxkr24rphjezejrig3biua3424fgjv", "spec": "alpgen"}
            ],
             "concrete_specs": {}}
            """);

        var locked = Run(path, "true");
        var unlocked = Run(path, "false");

        // The py-pdm-backend binary the lock names was built on ubuntu24.04, so on ubuntu22.04 it is missing.
        Assert.Equal([CoverageStatus.Missing, CoverageStatus.Covered], locked.Result!.Rows.Select(r => r.Status));
        Assert.Equal(["brkxkr24rphjezejrig3biua3424fgjv"], locked.Result.Rows[1].Matches.Select(m => m.Hash));
        Assert.Equal(string.Format(Messages.HintAvailableForArch, Arch, "2.4.3", string.Format(Messages.HintRuledOut, "/2cgtrubbmguzqbqgosxpripamweu3rlq"))
            + "; " + string.Format(Messages.HintExistsElsewhere, "2.4.3", "linux-ubuntu24.04-x86_64_v3"),
            locked.Result.Rows[0].Hint);
        var missing = Assert.Single(locked.Diagnostics);
        Assert.Equal(new SourceLocation(path, 3, 5), missing.Location);
        Assert.Equal([CoverageStatus.Covered, CoverageStatus.Covered], unlocked.Result!.Rows.Select(r => r.Status));
    }

    [Fact]
    public void An_invalid_SpackUseLockFile_is_CT3004()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", "spack:\n  specs: [alpgen]\n");

        var run = Run(path, "yes");

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(string.Format(Messages.InvalidProperty, "SpackUseLockFile", "yes", Messages.BooleanValues), diagnostic.Message);
        Assert.Equal(CoverageStatus.Covered, Assert.Single(run.Result!.Rows).Status);
    }

    [Fact]
    public void A_broken_environment_does_not_stop_the_other_requirements()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", "spack:\n  specs: [alpgen\n");

        var run = Run(path, null, new RequirementInput("py-pdm-backend@2.4"));

        Assert.Equal(DiagnosticCodes.InvalidEnvironment, Assert.Single(run.Diagnostics).Code);
        Assert.Equal(CoverageStatus.Covered, Assert.Single(run.Result!.Rows).Status);
    }
}
