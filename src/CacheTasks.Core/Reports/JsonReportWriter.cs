using System.Text.Encodings.Web;
using System.Text.Json;
using CacheTasks.Catalog;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.IO;

namespace CacheTasks.Reports;

/// <summary>
/// coverage.json, schema version 1 (docs/coverage.schema.json): the rows, each missing one with the
/// index of its finding, then every finding of the check; with a baseline, each row's comparison
/// and the summary's counts (all additive to version 1).
/// </summary>
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
        // As a decimal: System.Text.Json on .NET Framework writes a double with 17 digits
        // (41.659999999999997), .NET writes the shortest form (41.66); a decimal is 41.66 on both.
        json.WriteNumber("percent", (decimal)CoverageSummary.Truncate(report.Summary.Percent, 2));
        if (report.Baseline is { } baseline)
        {
            json.WriteStartObject("baseline");
            json.WriteString("source", baseline.Source);
            foreach (var state in BaselineStateNames.All)
            {
                json.WriteNumber(BaselineStateNames.Of(state), baseline.Count(state));
            }

            json.WriteNumber("removed", baseline.Removed);
            json.WriteEndObject();
        }

        json.WriteEndObject();

        var index = new Dictionary<Diagnostic, int>();
        for (var i = 0; i < report.Findings.Count; i++)
        {
            if (!index.ContainsKey(report.Findings[i]))
            {
                index[report.Findings[i]] = i;
            }
        }

        json.WriteStartArray("results");
        foreach (var row in report.Rows)
        {
            WriteRow(json, row, row.Finding is { } finding && index.TryGetValue(finding, out var at) ? at : null);
        }

        json.WriteEndArray();
        json.WriteStartArray("findings");
        foreach (var finding in report.Findings)
        {
            WriteFinding(json, finding);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter json, Diagnostic finding)
    {
        json.WriteStartObject();
        json.WriteString("code", finding.Code);
        json.WriteString("severity", SeverityNames.Of(finding.Severity));
        if (finding.Suppressed)
        {
            json.WriteBoolean("suppressed", true);
        }

        json.WriteString("message", finding.Message);
        if (finding.Location is { } location)
        {
            json.WriteString("file", location.File);
            json.WriteNumber("line", location.Line);
            json.WriteNumber("column", location.Column);
        }

        if (finding.Requirement is not null)
        {
            json.WriteString("requirement", finding.Requirement);
        }

        if (finding.Arch is not null)
        {
            json.WriteString("arch", finding.Arch);
        }

        json.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter json, CoverageRow row, int? finding)
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

        if (finding is { } at)
        {
            // The index of the row's finding in "findings": its code, severity and message as the build logged them.
            json.WriteNumber("finding", at);
        }

        if (row.Baseline is { } state)
        {
            json.WriteString("baseline", BaselineStateNames.Of(state));
        }

        json.WriteEndObject();
    }
}
