using System.Text.Encodings.Web;
using System.Text.Json;
using CacheTasks.Catalog;
using CacheTasks.Coverage;
using CacheTasks.IO;

namespace CacheTasks.Reports;

/// <summary>coverage.json, schema version 1 (docs/coverage.schema.json).</summary>
public sealed class JsonReportWriter : IReportWriter
{
    public string Format => "json";

    public string FileName => "coverage.json";

    public void Write(CoverageReport report, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", CoverageReport.SchemaVersion);
        JsonFields.WriteNullable(json, "host", report.Host);

        json.WriteStartObject("catalog");
        JsonFields.WriteStrings(json, "sources", report.CatalogSources);
        json.WriteNumber("packages", report.CatalogPackages);
        json.WriteNumber("specs", report.CatalogSpecs);
        json.WriteEndObject();

        JsonFields.WriteStrings(json, "arches", report.Arches.Select(a => a.ToString()));

        json.WriteStartObject("summary");
        json.WriteNumber("total", report.Summary.Total);
        json.WriteNumber("covered", report.Summary.Covered);
        json.WriteNumber("missing", report.Summary.Missing);
        json.WriteNumber("percent", CoverageSummary.Truncate(report.Summary.Percent, 2));
        json.WriteEndObject();

        json.WriteStartArray("results");
        foreach (var row in report.Rows)
        {
            WriteRow(json, row);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter json, CoverageRow row)
    {
        json.WriteStartObject();
        json.WriteString("requirement", row.Requirement.Text);
        json.WriteString("arch", row.Arch.ToString());
        JsonFields.WriteNullable(json, "stack", row.Stack);
        json.WriteString("status", CoverageStatusNames.Of(row.Status));
        json.WriteStartArray("matches");
        foreach (var match in row.Matches)
        {
            ReportJson.WriteMatch(json, match);
        }

        json.WriteEndArray();
        JsonFields.WriteNullable(json, "hint", row.Hint);
        if (row.Unverified.Count > 0)
        {
            JsonFields.WriteStrings(json, "unverified", row.Unverified);
        }

        if (row.AbsentLockedDependencies.Count > 0)
        {
            JsonFields.WriteStrings(json, "missingDependencies", row.AbsentLockedDependencies.Select(d => d.ToString()));
        }

        json.WriteEndObject();
    }
}
