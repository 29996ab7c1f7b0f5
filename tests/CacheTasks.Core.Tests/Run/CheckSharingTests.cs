using CacheTasks.Catalog;
using CacheTasks.Diagnostics;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Run;

/// <summary>
/// The projects of one build whose check inputs are identical share one check
/// (<see cref="CoverageRunOptions.SharedChecks"/>); each still applies its own warning policy and
/// writes its own reports; any input that changes the answer makes another check.
/// </summary>
public sealed class CheckSharingTests
{
    private const string X86 = "linux-ubuntu24.04-x86_64_v3";
    private const string Arm = "linux-ubuntu24.04-aarch64";
    private const string Props = "/repo/Directory.Build.props";

    private static string Page(string name, string target) => "---\ntitle: \"" + name + "\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"versions\": [\"1.3.1\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"" + target + "\", \"compiler\": \"gcc@13.3.0\", \"variants\": [\"+shared\"], \"stacks\": [\"e4s\"]}]\n---";

    private static CoverageRunOptions Options(TemporaryDirectory folder, KeptForBuild kept, string project) => new()
    {
        CatalogSources = [folder.Combine("catalog")],
        Arches = [X86, Arm],
        Requirements = [new RequirementInput("zlib@1.3", Location: new SourceLocation(Props, 7, 5)), new RequirementInput("bzip2", Location: new SourceLocation(Props, 8, 5))],
        ReportDirectory = folder.Combine(project, "spack-coverage"),
        ReportFormats = ["json", "md"],
        LoadedCatalogs = kept,
        SharedChecks = kept,
        Project = folder.Combine(project, "app.proj"),
    };

    private static TemporaryDirectory WriteCatalog()
    {
        var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/develop/zlib/specs.md", Page("zlib", "x86_64_v3"));
        folder.Write("other-catalog/develop/zlib/specs.md", Page("zlib", "aarch64"));
        return folder;
    }

    private static string Rows(CoverageRunResult run) => string.Join(", ", run.Result!.Rows.Select(r => $"{r.Requirement.Text} {r.Arch} {r.Status}"));

    [Fact]
    public void A_second_project_with_identical_inputs_reuses_the_check_and_keeps_its_own_reports_and_policy()
    {
        using var folder = WriteCatalog();
        var kept = new KeptForBuild();

        var first = CoverageRun.Execute(Options(folder, kept, "a"));
        var second = CoverageRun.Execute(Options(folder, kept, "b") with { WarningPolicy = new WarningPolicy("CT1001", null, null, false) });

        Assert.Null(first.CheckNote);
        Assert.Equal(string.Format(Messages.CheckReused, folder.Combine("a", "app.proj"), 4), second.CheckNote);
        Assert.Equal(1, kept.ChecksKept);
        Assert.Equal(Rows(first), Rows(second));
        Assert.Equal([folder.Combine("b", "spack-coverage", "coverage.json"), folder.Combine("b", "spack-coverage", "coverage.md")], second.ReportFiles);
        Assert.Equal(File.ReadAllText(first.ReportFiles[1]), File.ReadAllText(second.ReportFiles[1]));
        // The same CT1001 at the same place in the props file; silenced only where the project says NoWarn.
        var missing = Assert.Single(first.Diagnostics, d => d.Code == "CT1001");
        var silenced = Assert.Single(second.Diagnostics, d => d.Code == "CT1001");
        Assert.Equal(missing.Location, silenced.Location);
        Assert.Equal(new SourceLocation(Props, 7, 5), silenced.Location);
        Assert.False(missing.Suppressed);
        Assert.True(silenced.Suppressed);
    }

    [Theory]
    [InlineData("arches")]
    [InlineData("stack")]
    [InlineData("missing severity")]
    [InlineData("os compatibility")]
    [InlineData("requirement text")]
    [InlineData("requirement line")]
    [InlineData("requirement file")]
    [InlineData("requirement metadata")]
    [InlineData("requirement order")]
    [InlineData("catalog")]
    [InlineData("microarchitectures")]
    public void A_project_with_another_input_is_checked_on_its_own(string input)
    {
        using var folder = WriteCatalog();
        var kept = new KeptForBuild();
        var same = Options(folder, kept, "a");
        var requirements = same.Requirements;
        var table = folder.Write("microarchitectures.json", File.ReadAllText(TestEnvironment.Shared("archspec", "microarchitectures.json")));
        CoverageRun.Execute(same with { MicroarchitecturesFile = input == "microarchitectures" ? table : null });
        if (input == "microarchitectures")
        {
            File.AppendAllText(table, "\n");
        }

        var other = Options(folder, kept, "b");
        other = input switch
        {
            "arches" => other with { Arches = [X86] },
            "stack" => other with { Stack = "e4s" },
            "missing severity" => other with { MissingSeverity = "error" },
            "os compatibility" => other with { OsCompatibility = "libc" },
            "requirement text" => other with { Requirements = [requirements[0] with { Text = "zlib@1.3.1" }, requirements[1]] },
            "requirement line" => other with { Requirements = [requirements[0] with { Location = new SourceLocation(Props, 9, 5) }, requirements[1]] },
            "requirement file" => other with { Requirements = [requirements[0] with { Location = new SourceLocation("/repo/b/app.proj", 7, 5) }, requirements[1]] },
            "requirement metadata" => other with { Requirements = [requirements[0] with { Severity = "error" }, requirements[1]] },
            "requirement order" => other with { Requirements = [requirements[1], requirements[0]] },
            "catalog" => other with { CatalogSources = [folder.Combine("other-catalog")] },
            "microarchitectures" => other with { MicroarchitecturesFile = table },
            _ => throw new ArgumentOutOfRangeException(nameof(input)),
        };
        var run = CoverageRun.Execute(other);

        Assert.Null(run.CheckNote);
        Assert.Equal(2, kept.ChecksKept);
    }

    [Fact]
    public void Without_a_place_to_keep_checks_every_run_checks()
    {
        using var folder = WriteCatalog();
        var kept = new KeptForBuild();

        var runs = new[] { "a", "b" }.Select(p => CoverageRun.Execute(Options(folder, kept, p) with { SharedChecks = null })).ToList();

        Assert.All(runs, run => Assert.Null(run.CheckNote));
        Assert.Equal(0, kept.ChecksKept);
    }

    /// <summary>What the MSBuild task keeps for one build, in a dictionary.</summary>
    private sealed class KeptForBuild : ICatalogLoadCache, ICheckResultCache
    {
        private readonly Dictionary<string, CatalogLoadResult> _loads = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SharedCheck> _checks = new(StringComparer.Ordinal);

        public int ChecksKept => _checks.Count;

        public CatalogLoadResult? Find(string key) => _loads.GetValueOrDefault(key);

        public void Keep(string key, CatalogLoadResult loaded) => _loads.TryAdd(key, loaded);

        SharedCheck? ICheckResultCache.Find(string key) => _checks.GetValueOrDefault(key);

        public void Keep(string key, SharedCheck check) => _checks.TryAdd(key, check);
    }
}
