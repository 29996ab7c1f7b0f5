using System.Text.Json.Nodes;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Reports;

/// <summary>docs/coverage.schema.json describes exactly what JsonReportWriter writes, and rejects what SPEC.md does not allow.</summary>
public sealed class CoverageSchemaTests
{
    [Fact]
    public void Coverage_json_with_covered_missing_and_unknown_packages_is_valid()
    {
        using var fixture = new ReportFixture(["json"], [new RequirementInput("zlib", Stack: "e4s"), new RequirementInput("zlib", Arch: "linux-ubuntu24.04-zen4")]);

        CoverageSchema.AssertValid(fixture.Folder.Combine("reports", "coverage.json"));
    }

    [Fact]
    public void Coverage_json_of_a_check_without_requirements_is_valid()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("catalog/zlib.md", "---\ntitle: zlib\nspec_details: [{\"hash\": null, \"versions\": [\"1.3.1\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64\", \"compiler\": \"none\", \"variants\": [], \"stacks\": []}]\n---");
        CoverageRun.Execute(new CoverageRunOptions { CatalogSources = [folder.Combine("catalog")], Arches = ["linux-ubuntu24.04-x86_64"], ReportDirectory = folder.Combine("reports"), ReportFormats = ["json"] });

        CoverageSchema.AssertValid(folder.Combine("reports", "coverage.json"));
    }

    [Theory]
    [InlineData("extra property", "$.results[0].note", "\"x\"")]
    [InlineData("unknown status", "$.results[0].status", "\"partial\"")]
    [InlineData("covered without a match", "$.results[0].matches", "[]")]
    [InlineData("missing without a hint", "$.results[1].hint", "null")]
    [InlineData("percent over 100", "$.summary.percent", "100.5")]
    [InlineData("another schema version", "$.schemaVersion", "2")]
    [InlineData("arch not platform-os-target", "$.arches[0]", "\"x86_64\"")]
    [InlineData("match without tag", "$.results[0].matches[0].tag", "<remove>")]
    public void The_schema_rejects_what_SPEC_does_not_allow(string what, string path, string value)
    {
        using var fixture = new ReportFixture("json");
        var root = JsonNode.Parse(fixture.Report("coverage.json"))!;

        Set(root, path, value);

        Assert.True(CoverageSchema.Errors(root.ToJsonString()).Count > 0, $"the schema accepted a report with {what}");
    }

    private static void Set(JsonNode root, string path, string value)
    {
        var parts = path.TrimStart('$', '.').Replace("[", ".[").Split('.', StringSplitOptions.RemoveEmptyEntries);
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = part.StartsWith('[') ? node[int.Parse(part.Trim('[', ']'))]! : node[part]!;
        }

        var last = parts[^1];
        if (last.StartsWith('['))
        {
            node.AsArray()[int.Parse(last.Trim('[', ']'))] = JsonNode.Parse(value);
        }
        else if (value == "<remove>")
        {
            node.AsObject().Remove(last);
        }
        else
        {
            node[last] = JsonNode.Parse(value);
        }
    }
}
