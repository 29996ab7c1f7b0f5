using System.Text.Json;
using Json.Schema;

namespace CacheTasks.Testing;

/// <summary>docs/coverage.schema.json, the published JSON Schema of coverage.json; every test that writes a coverage.json checks it here.</summary>
public static class CoverageSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFile(TestEnvironment.Repository("docs", "coverage.schema.json")));

    /// <summary>The schema's errors for <paramref name="json"/>, as "location: message" lines; empty when it is valid.</summary>
    public static IReadOnlyList<string> Errors(string json)
    {
        using var document = JsonDocument.Parse(json);
        var results = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        return (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .DefaultIfEmpty("invalid (no details)")
            .ToList();
    }

    /// <summary>Fails the test, naming every error, unless the file at <paramref name="path"/> is a valid coverage.json.</summary>
    public static void AssertValid(string path)
    {
        var errors = Errors(File.ReadAllText(path));
        Assert.True(errors.Count == 0, $"{path} does not match docs/coverage.schema.json:\n{string.Join("\n", errors)}");
    }
}
