using CacheTasks.Diagnostics;
using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;
using Microsoft.Build.Utilities;

namespace CacheTasks.Tests.Robustness;

/// <summary>A report that cannot be written is a warning; it never changes whether the build passes.</summary>
public sealed class ReportFaultTests
{
    private const string Page = "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"versions\": [\"1.3.1\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64_v3\", \"compiler\": \"gcc@13.3.0\"}]\n---";

    [Fact]
    public void A_report_folder_that_cannot_be_written_is_CT2004_and_the_build_still_passes()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/develop/zlib/specs.md", Page);
        var project = folder.Write("app.csproj", "<Project />");
        var blocked = folder.Write("reports", "a file where the report folder should be");
        var engine = new RecordingBuildEngine(project);
        var task = new CheckSpackCoverage
        {
            BuildEngine = engine,
            Requirements = [new TaskItem("zlib@1.3")],
            Catalog = [folder.Combine("catalog")],
            Arches = ["linux-ubuntu24.04-x86_64_v3"],
            ReportDirectory = blocked,
            ReportFormats = ["json", "md"],
            ProjectFile = project,
        };

        Assert.True(task.Execute());

        Assert.Empty(engine.Errors);
        Assert.Equal([DiagnosticCodes.ReportNotWritten, DiagnosticCodes.ReportNotWritten], engine.Warnings.Select(w => w.Code));
        Assert.Equal("covered", Assert.Single(task.Results).GetMetadata("Status"));
        Assert.Empty(task.ReportFiles);
    }
}
