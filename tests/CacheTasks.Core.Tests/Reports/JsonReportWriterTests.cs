using System.Text.Json;
using CacheTasks.Reports;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Reports;

public sealed class JsonReportWriterTests
{
    [Fact]
    public void Coverage_json_has_the_schema_v1_shape_and_the_rows_in_declaration_order()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var run = CoverageRun.Execute(new CoverageRunOptions
        {
            CatalogSources = [TestEnvironment.SharedCatalog],
            Arches = ["linux-ubuntu24.04-x86_64_v3", "linux-ubuntu24.04-aarch64"],
            Requirements = [new RequirementInput("py-pdm-backend@2.4:"), new RequirementInput("no-such-package")],
            ReportDirectory = folder.Path,
            ReportFormats = ["json"],
        });

        Assert.Equal([folder.Combine("coverage.json")], run.ReportFiles);
        CoverageSchema.AssertValid(folder.Combine("coverage.json"));
        using var json = JsonDocument.Parse(File.ReadAllText(folder.Combine("coverage.json")));
        var root = json.RootElement;
        Assert.Equal(["schemaVersion", "host", "catalog", "arches", "summary", "results", "findings"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(2, root.GetProperty("arches").GetArrayLength());
        Assert.Equal(4, root.GetProperty("summary").GetProperty("total").GetInt32());
        Assert.Equal(2, root.GetProperty("summary").GetProperty("covered").GetInt32());
        Assert.Equal(50.0, root.GetProperty("summary").GetProperty("percent").GetDouble());
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["py-pdm-backend@2.4:", "py-pdm-backend@2.4:", "no-such-package", "no-such-package"], results.Select(r => r.GetProperty("requirement").GetString()));
        var match = results[0].GetProperty("matches")[0];
        Assert.Equal(["name", "version", "hash", "platform", "os", "target", "compiler", "variants", "stacks", "tag"], match.EnumerateObject().Select(p => p.Name));
        Assert.Equal("develop", match.GetProperty("tag").GetString());
        Assert.Equal(JsonValueKind.Null, results[0].GetProperty("hint").ValueKind);
        Assert.Equal("missing", results[3].GetProperty("status").GetString());
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp", SearchOption.AllDirectories));
    }
}
