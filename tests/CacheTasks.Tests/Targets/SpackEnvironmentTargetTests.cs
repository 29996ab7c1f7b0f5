using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.Targets;

/// <summary><c>SpackEnvironment</c> items through the real targets, against the shared catalog's real pages.</summary>
public sealed class SpackEnvironmentTargetTests
{
    private const string Arch = "linux-ubuntu22.04-x86_64_v3";

    // A small stack: a matrix of packages and a target, and one package that is only on another distro.
    private const string Environment = """
        spack:
          definitions:
          - hep: [alpgen, ampt, aida@9]
          - targets: ['target=x86_64_v3']
          specs:
          - matrix:
            - [$hep]
            - [$targets]
          - py-pdm-backend@2.4 ^python@3.12
          - no-such-package
        """;

    private static string WriteProject(TemporaryDirectory folder, string properties, string items)
    {
        var defaults = $"""
                <SpackCatalog>{TestEnvironment.SharedCatalog}</SpackCatalog>
                <SpackArch>{Arch}</SpackArch>
            """;
        return folder.Write("app.proj", InProcessBuild.Project(defaults + properties, items));
    }

    [Fact]
    public void A_project_with_only_an_environment_is_checked_and_findings_point_into_spack_yaml()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var environment = folder.Write("env/spack.yaml", Environment);
        var project = WriteProject(folder, "", """<SpackEnvironment Include="env/spack.yaml" />""");

        var build = InProcessBuild.Run(project);

        Assert.True(build.Succeeded);
        Assert.Contains(build.Log.Messages, m => m.Message == string.Format(Messages.Summary, 3, 5, "60.0", folder.Combine("spack-coverage", "coverage.md")));
        Assert.Equal(
            [
                LogLine.Format(environment, 3, 25, "warning", "CT1001", string.Format(Messages.MissingForArch, "aida@9 target=x86_64_v3", Arch, build.CoverageResults.ElementAt(2).GetMetadataValue("Hint"))),
                LogLine.Format(environment, 10, 5, "warning", "CT1002", build.Log.Warnings[1].Message),
            ],
            build.Lines);
        Assert.StartsWith("'no-such-package'", build.Log.Warnings[1].Message, StringComparison.Ordinal);
        var note = Assert.Single(build.Log.Messages, m => m.Code == "CT3005");
        Assert.Equal((environment, 9, 5), (note.File, note.LineNumber, note.ColumnNumber));
        Assert.Equal(string.Format(Messages.DependenciesNotChecked, "py-pdm-backend@2.4 ^python@3.12", "'^python@3.12'", "py-pdm-backend"), note.Message);
        Assert.Equal(
            ["alpgen target=x86_64_v3", "ampt target=x86_64_v3", "aida@9 target=x86_64_v3", "py-pdm-backend@2.4 ^python@3.12", "no-such-package"],
            build.CoverageResults.Select(r => r.EvaluatedInclude));
        Assert.Equal(["covered", "covered", "missing", "covered", "missing"], build.CoverageResults.Select(r => r.GetMetadataValue("Status")));
    }

    [Fact]
    public void Severity_metadata_applies_to_the_environment_and_a_lock_file_pins_hashes()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var environment = folder.Write("spack.yaml", "spack:\n  specs:\n  - alpgen\n  - ampt\n");
        folder.Write("spack.lock", """
            {"roots": [
              {"hash": "dgga4clivlzjkxcxymaa2inajuhxpfsi", "spec": "alpgen"},
              {"hash": "notinthecatalogxxxxxxxxxxxxxxxxx", "spec": "ampt"}
            ]}
            """);
        var project = WriteProject(folder, "<SpackUseLockFile>true</SpackUseLockFile>", """<SpackEnvironment Include="spack.yaml" Severity="error" />""");

        var build = InProcessBuild.Run(project);

        Assert.False(build.Succeeded);
        var error = Assert.Single(build.Log.Errors);
        Assert.Equal(("CT1001", environment, 4, 5), (error.Code, error.File, error.LineNumber, error.ColumnNumber));
        // A failed check returns no items (its target failed); the report still has every row.
        var rows = ReportRows(folder);
        Assert.Equal(["alpgen/dgga4clivlzjkxcxymaa2inajuhxpfsi", "ampt/notinthecatalogxxxxxxxxxxxxxxxxx"], rows.Select(r => r.GetProperty("requirement").GetString()));
        Assert.Equal("dgga4clivlzjkxcxymaa2inajuhxpfsi", rows[0].GetProperty("matches")[0].GetProperty("hash").GetString());
    }

    [Fact]
    public void A_locked_root_is_missing_when_the_catalog_lacks_a_node_of_its_locked_link_closure()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var environment = folder.Write("spack.yaml", "spack:\n  specs:\n  - alpgen\n");
        // gcc-runtime is in the shared catalog by that hash; the libelf the lock pinned is not; cmake is build-only.
        folder.Write("spack.lock", """
            {"_meta": {"file-type": "spack-lockfile", "lockfile-version": 6, "specfile-version": 5},
             "roots": [{"hash": "dgga4clivlzjkxcxymaa2inajuhxpfsi", "spec": "alpgen"}],
             "concrete_specs": {
              "dgga4clivlzjkxcxymaa2inajuhxpfsi": {"name": "alpgen", "version": "2.1.4", "dependencies": [
                {"name": "gcc-runtime", "hash": "e5scmcmcz3n6amrf7amlusea6w2z5vkw", "parameters": {"deptypes": ["link"], "virtuals": []}},
                {"name": "libelf", "hash": "libelflibelflibelflibelflibelflib", "parameters": {"deptypes": ["build", "link"], "virtuals": []}},
                {"name": "cmake", "hash": "cmakecmakecmakecmakecmakecmakecm", "parameters": {"deptypes": ["build"], "virtuals": []}}]},
              "e5scmcmcz3n6amrf7amlusea6w2z5vkw": {"name": "gcc-runtime", "version": "13.3.0"},
              "libelflibelflibelflibelflibelflib": {"name": "libelf", "version": "0.8.13"},
              "cmakecmakecmakecmakecmakecmakecm": {"name": "cmake", "version": "3.31.2"}
             }}
            """);
        var project = WriteProject(folder, "<SpackUseLockFile>true</SpackUseLockFile>", """<SpackEnvironment Include="spack.yaml" />""");

        var build = InProcessBuild.Run(project);

        Assert.True(build.Succeeded);
        var warning = Assert.Single(build.Log.Warnings, w => w.Code == "CT1001");
        Assert.Equal((environment, 3, 5), (warning.File, warning.LineNumber, warning.ColumnNumber));
        Assert.Contains("libelf/libelflibelflibelflibelflibelflib", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("gcc-runtime/", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("cmake", warning.Message, StringComparison.Ordinal);
        var row = Assert.Single(ReportRows(folder));
        Assert.Equal("missing", row.GetProperty("status").GetString());
        Assert.Equal(["libelf/libelflibelflibelflibelflibelflib"], row.GetProperty("missingDependencies").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void A_broken_environment_is_CT3003_at_its_line_and_the_requirements_are_still_checked()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var environment = folder.Write("spack.yaml", "spack:\n  specs:\n  - $missing\n");
        var project = WriteProject(folder, "", """
                <SpackRequirement Include="alpgen@2.1" />
                <SpackEnvironment Include="spack.yaml" />
            """);

        var build = InProcessBuild.Run(project);

        Assert.False(build.Succeeded);
        var error = Assert.Single(build.Log.Errors);
        Assert.Equal(("CT3003", environment, 3, 5), (error.Code, error.File, error.LineNumber, error.ColumnNumber));
        Assert.Equal(string.Format(Messages.EnvironmentInvalid, environment, string.Format(Messages.EnvironmentErrorUndefined, "$missing", "missing")), error.Message);
        Assert.Equal(["covered"], ReportRows(folder).Select(r => r.GetProperty("status").GetString()));
    }

    private static List<System.Text.Json.JsonElement> ReportRows(TemporaryDirectory folder)
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(folder.Combine("spack-coverage", "coverage.json")));
        return json.RootElement.GetProperty("results").EnumerateArray().Select(r => r.Clone()).ToList();
    }
}
