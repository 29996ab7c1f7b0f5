using System.Text.Json;
using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.Targets;

/// <summary>
/// A pull request's build against main's coverage.json (SpackCoverageBaseline), through the real
/// targets. Main's catalog had zlib for x86_64_v3 only and cmake for both arches; hdf5 is in no
/// catalog. The change removes cmake's aarch64 binary and adds zlib's: one row newly missing
/// (cmake on aarch64), one fixed (zlib on aarch64), two still missing (hdf5, one CT1002).
/// </summary>
public sealed class BaselineTargetTests
{
    private const string X86 = "linux-ubuntu24.04-x86_64_v3";
    private const string Arm = "linux-ubuntu24.04-aarch64";

    private const string Requirements = """
            <SpackRequirement Include="zlib@1.3" />
            <SpackRequirement Include="cmake@3.30" />
            <SpackRequirement Include="hdf5@1.14" />
        """;

    private static string Spec(string hash, string version, string target) =>
        $$"""{"hash": "{{hash}}", "versions": ["{{version}}"], "os": "ubuntu24.04", "platform": "linux", "target": "{{target}}", "compiler": "gcc@13.3.0", "variants": [], "stacks": []}""";

    private static void WriteCatalog(TemporaryDirectory folder, string[] zlibTargets, string[] cmakeTargets)
    {
        folder.Write("catalog/develop/zlib/specs.md", $"---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{string.Join(", ", zlibTargets.Select((t, i) => Spec("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" + i, "1.3.1", t)))}]\n---");
        folder.Write("catalog/develop/cmake/specs.md", $"---\ntitle: \"cmake\"\ncategories: [package, develop]\nspec_details: [{string.Join(", ", cmakeTargets.Select((t, i) => Spec("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" + i, "3.30.5", t)))}]\n---");
    }

    private static string WriteProject(TemporaryDirectory folder, string properties) =>
        folder.Write("app.proj", InProcessBuild.Project($"""
                <SpackCatalog>{folder.Combine("catalog")}</SpackCatalog>
                <SpackArch>{X86};{Arm}</SpackArch>
                <SpackMissingSeverity>error</SpackMissingSeverity>
                <SpackCoverageReportFormats>json;md;html;sarif</SpackCoverageReportFormats>
            {properties}
            """, Requirements));

    /// <summary>Main's build (no baseline) writes the baseline; then the catalog changes as the pull request changes it.</summary>
    private static string MainBaseline(TemporaryDirectory folder)
    {
        WriteCatalog(folder, ["x86_64_v3"], ["x86_64_v3", "aarch64"]);
        var main = InProcessBuild.Run(WriteProject(folder, string.Empty));
        Assert.False(main.Succeeded);
        Assert.Equal(["CT1001", "CT1002"], main.Log.Errors.Select(e => e.Code));
        var baseline = folder.Combine("baseline", "coverage.json");
        Directory.CreateDirectory(Path.GetDirectoryName(baseline)!);
        File.Copy(folder.Combine("spack-coverage", "coverage.json"), baseline);
        Directory.Delete(folder.Combine("spack-coverage"), recursive: true);

        // The pull request: cmake loses its aarch64 binary, zlib gains one.
        WriteCatalog(folder, ["x86_64_v3", "aarch64"], ["x86_64_v3"]);
        return baseline;
    }

    [Fact]
    public void Under_SpackFailOn_new_only_the_newly_missing_row_fails_the_build_and_old_gaps_are_warnings()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var baseline = MainBaseline(folder);
        var project = WriteProject(folder, "<SpackCoverageBaseline>baseline/coverage.json</SpackCoverageBaseline>\n<SpackFailOn>new</SpackFailOn>");

        var build = InProcessBuild.Run(project);

        Assert.False(build.Succeeded);
        var error = Assert.Single(build.Log.Errors);
        Assert.Equal("CT1001", error.Code);
        Assert.StartsWith($"'cmake@3.30' has no binary for {Arm}", error.Message, StringComparison.Ordinal);
        var warning = Assert.Single(build.Log.Warnings);
        Assert.Equal("CT1002", warning.Code);
        Assert.EndsWith(string.Format(Messages.MissingSinceBaseline, string.Empty, baseline).Trim(), warning.Message, StringComparison.Ordinal);
        Assert.Equal(
            [("zlib@1.3", X86, "unchanged-covered"), ("zlib@1.3", Arm, "fixed"), ("cmake@3.30", X86, "unchanged-covered"), ("cmake@3.30", Arm, "new-missing"), ("hdf5@1.14", X86, "still-missing"), ("hdf5@1.14", Arm, "still-missing")],
            Rows(folder).Select(r => (r.GetProperty("requirement").GetString(), r.GetProperty("arch").GetString(), r.GetProperty("baseline").GetString())));
        CoverageSchema.AssertValid(folder.Combine("spack-coverage", "coverage.json"));
        using var json = JsonDocument.Parse(File.ReadAllText(folder.Combine("spack-coverage", "coverage.json")));
        var counts = json.RootElement.GetProperty("summary").GetProperty("baseline");
        Assert.Equal((1, 2, 1, 0, 2, 0, 0), (counts.GetProperty("new-missing").GetInt32(), counts.GetProperty("still-missing").GetInt32(), counts.GetProperty("fixed").GetInt32(), counts.GetProperty("new-covered").GetInt32(), counts.GetProperty("unchanged-covered").GetInt32(), counts.GetProperty("added").GetInt32(), counts.GetProperty("removed").GetInt32()));
    }

    [Fact]
    public void Under_SpackFailOn_any_every_missing_row_still_fails_and_the_rows_still_carry_the_comparison()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        MainBaseline(folder);
        var project = WriteProject(folder, "<SpackCoverageBaseline>baseline/coverage.json</SpackCoverageBaseline>");

        var build = InProcessBuild.Run(project);

        Assert.False(build.Succeeded);
        Assert.Equal(["CT1001", "CT1002"], build.Log.Errors.Select(e => e.Code));
        Assert.Equal(["new-missing", "still-missing", "still-missing"], Rows(folder).Where(r => r.GetProperty("status").GetString() == "missing").Select(r => r.GetProperty("baseline").GetString()));
    }

    [Fact]
    public void SARIF_marks_the_new_gap_new_the_old_one_unchanged_and_the_fixed_row_absent()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        MainBaseline(folder);
        var project = WriteProject(folder, "<SpackCoverageBaseline>baseline/coverage.json</SpackCoverageBaseline>\n<SpackFailOn>new</SpackFailOn>");

        InProcessBuild.Run(project);

        using var sarif = JsonDocument.Parse(File.ReadAllText(folder.Combine("spack-coverage", "coverage.sarif")));
        SarifShape.AssertValid(sarif.RootElement);
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => (Rule: r.GetProperty("ruleId").GetString(), Requirement: r.GetProperty("properties").GetProperty("requirement").GetString(), State: r.GetProperty("baselineState").GetString(), Level: r.GetProperty("level").GetString()))
            .ToList();
        Assert.Equal(
            [("CT1001", "cmake@3.30", "new", "error"), ("CT1002", "hdf5@1.14", "unchanged", "warning"), ("CT1001", "zlib@1.3", "absent", "none")],
            results);
        // Code scanning matches an alert across runs by its fingerprint: the old gap has main's.
        using var main = JsonDocument.Parse(File.ReadAllText(folder.Combine("baseline", "coverage.json")));
        var mainFinding = main.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "CT1002");
        var fingerprint = sarif.RootElement.GetProperty("runs")[0].GetProperty("results")[1].GetProperty("partialFingerprints").GetProperty(CacheTasks.Reports.SarifReportWriter.FingerprintKey).GetString();
        Assert.Equal($"CT1002|{mainFinding.GetProperty("requirement").GetString()}||app.proj", fingerprint);
    }

    [Fact]
    public void Coverage_md_leads_with_the_delta()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        MainBaseline(folder);
        var project = WriteProject(folder, "<SpackCoverageBaseline>baseline/coverage.json</SpackCoverageBaseline>\n<SpackFailOn>new</SpackFailOn>");

        InProcessBuild.Run(project);

        var lines = File.ReadAllLines(folder.Combine("spack-coverage", "coverage.md"));
        Assert.Equal($"# {Messages.ReportTitle}", lines[0]);
        Assert.Equal($"✗ **{string.Format(Messages.BaselineDelta, 1, 1)}**", lines[2]);
        Assert.Equal("✗ **1 newly missing, 1 fixed since the baseline**", lines[2]);
        Assert.Contains($"- **{Messages.HtmlNewGap}** `cmake@3.30` on `{Arm}`", lines[4..].Select(l => l.Split(':')[0]));
        Assert.Contains($"- `zlib@1.3` on `{Arm}`: ✓ 1.3.1", lines);
    }

    [Fact]
    public void A_no_op_build_replays_and_a_changed_baseline_file_checks_again()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var baseline = MainBaseline(folder);
        var project = WriteProject(folder, "<SpackCoverageBaseline>baseline/coverage.json</SpackCoverageBaseline>\n<SpackFailOn>new</SpackFailOn>");
        var first = InProcessBuild.Run(project);
        Assert.Equal(["CT1001"], first.Log.Errors.Select(e => e.Code));

        var replayed = InProcessBuild.Run(project);
        Assert.Equal(["CT1001"], replayed.Log.Errors.Select(e => e.Code));

        // Main moves on: its coverage.json now has cmake on aarch64 missing too, so the gap is an old one.
        File.Copy(folder.Combine("spack-coverage", "coverage.json"), baseline, overwrite: true);
        File.SetLastWriteTimeUtc(baseline, DateTime.UtcNow.AddSeconds(5));
        var afterMainMoved = InProcessBuild.Run(project);

        Assert.True(afterMainMoved.Succeeded);
        Assert.Empty(afterMainMoved.Log.Errors);
        Assert.Equal(["CT1001", "CT1002"], afterMainMoved.Log.Warnings.Select(w => w.Code));
    }

    [Fact]
    public void A_baseline_that_cannot_be_read_is_CT3007_and_the_check_runs_as_without_one()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        WriteCatalog(folder, ["x86_64_v3"], ["x86_64_v3", "aarch64"]);
        folder.Write("baseline/coverage.json", "{ \"not\": \"a report\" }");
        var project = WriteProject(folder, "<SpackCoverageBaseline>baseline/coverage.json</SpackCoverageBaseline>\n<SpackFailOn>new</SpackFailOn>");

        var build = InProcessBuild.Run(project);

        var warning = Assert.Single(build.Log.Warnings);
        Assert.Equal("CT3007", warning.Code);
        Assert.Equal(string.Format(Messages.BaselineUnreadable, folder.Combine("baseline", "coverage.json"), Messages.BaselineNotCoverageJson), warning.Message);
        Assert.Equal(["CT1001", "CT1002"], build.Log.Errors.Select(e => e.Code));
        Assert.All(Rows(folder), r => Assert.False(r.TryGetProperty("baseline", out _)));
    }

    private static List<JsonElement> Rows(TemporaryDirectory folder)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(folder.Combine("spack-coverage", "coverage.json")));
        return json.RootElement.GetProperty("results").EnumerateArray().Select(r => r.Clone()).ToList();
    }
}
