using CacheTasks.Diagnostics;
using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CacheTasks.Tests.Tasks;

public sealed class CheckSpackCoverageTests
{
    private const string Page = "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"versions\": [\"1.3.1\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64_v3\", \"compiler\": \"gcc@13.3.0\", \"variants\": [\"+shared\"], \"stacks\": [\"e4s\"]}]\n---";

    private static (CheckSpackCoverage Task, RecordingBuildEngine Engine) Create(TemporaryDirectory folder, params ITaskItem[] requirements)
    {
        var project = folder.Write("app.csproj", "<Project />");
        var engine = new RecordingBuildEngine(project);
        var task = new CheckSpackCoverage
        {
            BuildEngine = engine,
            Requirements = requirements,
            Catalog = [folder.Combine("catalog")],
            Arches = ["linux-ubuntu24.04-x86_64_v3", "linux-ubuntu24.04-zen4"],
            ReportDirectory = folder.Combine("reports"),
            ReportFormats = ["json", "md"],
            ProjectFile = project,
        };
        return (task, engine);
    }

    [Fact]
    public void Results_are_one_item_per_requirement_and_arch_with_status_and_hash()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/develop/zlib/specs.md", Page);
        var (task, engine) = Create(folder, new TaskItem("zlib@1.3 +shared"));

        Assert.True(task.Execute());

        Assert.Empty(engine.Lines);
        Assert.Equal(2, task.Results.Length);
        Assert.All(task.Results, r =>
        {
            Assert.Equal("zlib@1.3 +shared", r.ItemSpec);
            Assert.Equal("covered", r.GetMetadata("Status"));
            Assert.Equal("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", r.GetMetadata("MatchedHash"));
            Assert.Equal("1.3.1", r.GetMetadata("MatchedVersion"));
        });
        Assert.Equal(["linux-ubuntu24.04-x86_64_v3", "linux-ubuntu24.04-zen4"], task.Results.Select(r => r.GetMetadata("Arch")));
        Assert.Equal([folder.Combine("reports", "coverage.json"), folder.Combine("reports", "coverage.md")], task.ReportFiles.Select(f => f.ItemSpec));
        CoverageSchema.AssertValid(folder.Combine("reports", "coverage.json"));
        Assert.Contains(engine.Messages, m => m.Importance == MessageImportance.High && m.Message == string.Format(Messages.Summary, 2, 2, "100.0", folder.Combine("reports", "coverage.md")));
    }

    [Fact]
    public void A_broken_page_is_logged_as_the_exact_CT2001_warning_and_the_check_goes_on()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/develop/zlib/specs.md", Page);
        var broken = folder.Write("catalog/develop/cmake/specs.md", "---\ntitle: \"cmake\"\nspec_details: \"oops\"\n---");
        var (task, engine) = Create(folder, new TaskItem("zlib"));

        Assert.True(task.Execute());

        var reason = string.Format(Messages.PageErrorFieldType, "spec_details", "a list");
        Assert.Equal([$"{broken}(3,15): warning CT2001: {string.Format(Messages.CatalogFileSkipped, reason)}"], engine.Lines);
        Assert.Equal(DiagnosticCodes.HelpLink("CT2001"), engine.Warnings[0].HelpLink);
        Assert.All(task.Results, r => Assert.Equal("covered", r.GetMetadata("Status")));
    }

    [Fact]
    public void Missing_rows_are_warnings_by_default_and_errors_when_asked()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/develop/zlib/specs.md", Page);
        var (task, engine) = Create(folder, new TaskItem("zlib@2"), new TaskItem("zlib@1.2", new Dictionary<string, string> { ["Severity"] = "error" }));

        Assert.False(task.Execute());

        Assert.Equal(2, engine.Warnings.Count);
        Assert.Equal(2, engine.Errors.Count);
        Assert.All(engine.Warnings, w => Assert.Equal("CT1001", w.Code));
        Assert.All(engine.Errors, e => Assert.Equal("CT1001", e.Code));
    }

    [Fact]
    public void A_bad_requirement_is_CT3001_and_the_others_are_still_checked()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/develop/zlib/specs.md", Page);
        var (task, engine) = Create(folder, new TaskItem("zlib@"), new TaskItem("zlib"));

        Assert.False(task.Execute());

        var error = Assert.Single(engine.Errors);
        Assert.Equal("CT3001", error.Code);
        Assert.Equal(string.Format(Messages.RequirementInvalid, "zlib@", 6, Messages.VersionErrorMissing), error.Message!);
        Assert.Equal(2, task.Results.Length);
    }

    [Fact]
    public void An_unknown_arch_is_CT3002_with_the_closest_names()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/develop/zlib/specs.md", Page);
        var (task, engine) = Create(folder, new TaskItem("zlib"));
        task.Arches = ["linux-ubuntu24.04-zen33"];

        Assert.False(task.Execute());

        var error = Assert.Single(engine.Errors);
        Assert.Equal("CT3002", error.Code);
        Assert.StartsWith(string.Format(Messages.ArchUnknownName, "target", "zen33", "SpackArch", string.Empty).TrimEnd(), error.Message!);
        Assert.Contains("zen3", error.Message![error.Message!.IndexOf("Did you mean", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void A_spec_with_a_percent_sequence_is_taken_as_written()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/develop/zlib/specs.md", Page.Replace("gcc@13.3.0", "acfl@24.10"));
        // MSBuild would unescape "%ac" in an Include to a single character; the task reads the text as written.
        var (task, engine) = Create(folder, new TaskItem("zlib %acfl@24"));

        Assert.True(task.Execute());

        Assert.Empty(engine.Lines);
        Assert.All(task.Results, r => Assert.Equal("covered", r.GetMetadata("Status")));
    }
}
