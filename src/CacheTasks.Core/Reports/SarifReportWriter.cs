using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;

namespace CacheTasks.Reports;

/// <summary>
/// coverage.sarif: SARIF 2.1.0 for code-scanning tools. One result per missing (requirement, arch)
/// row, located at the line of the project file that declares the requirement; a rule for every CT
/// code (<see cref="DiagnosticCodes.All"/>), with its help page.
/// </summary>
public sealed class SarifReportWriter : IReportWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public string Format => "sarif";

    public string FileName => "coverage.sarif";

    public void Write(CoverageReport report, Stream output)
    {
        var missing = report.Rows.Where(r => r.Status == CoverageStatus.Missing).ToList();
        // Every code CacheTasks has, in the table's order: a rule's index never depends on what one run found.
        var rules = DiagnosticCodes.All;

        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "CacheTasks");
        json.WriteString("informationUri", "https://github.com/cachetasks/cachetasks");
        json.WriteString("version", ToolVersion());
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Code);
            json.WriteString("name", rule.Name);
            json.WriteStartObject("shortDescription");
            json.WriteString("text", rule.Title);
            json.WriteEndObject();
            json.WriteString("helpUri", rule.HelpLink);
            json.WriteStartObject("help");
            json.WriteString("text", rule.HelpText);
            json.WriteEndObject();
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(rule.DefaultSeverity));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("results");
        foreach (var row in missing)
        {
            var code = row.Code!;
            json.WriteStartObject();
            json.WriteString("ruleId", code);
            json.WriteNumber("ruleIndex", IndexOf(rules, code));
            json.WriteString("level", Level(row.Severity));
            json.WriteStartObject("message");
            json.WriteString("text", string.Format(Messages.SarifResult, row.Requirement.Text, row.Arch, row.Hint));
            json.WriteEndObject();
            if (row.Requirement.Location is { } location)
            {
                WriteLocation(json, location);
            }

            if (row.Suppressed)
            {
                // Silenced by the project's NoWarn: SARIF's way to say "reported, and deliberately accepted".
                json.WriteStartArray("suppressions");
                json.WriteStartObject();
                json.WriteString("kind", "external");
                json.WriteString("justification", Messages.SarifSuppressedByNoWarn);
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteStartObject("partialFingerprints");
            json.WriteString("cacheTasksRow/v1", $"{code}:{row.Requirement.Text}:{row.Arch}");
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteString("requirement", row.Requirement.Text);
            json.WriteString("arch", row.Arch.ToString());
            if (row.Stack is not null)
            {
                json.WriteString("stack", row.Stack);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static int IndexOf(IReadOnlyList<DiagnosticDescriptor> rules, string code)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].Code == code)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };

    private static void WriteLocation(Utf8JsonWriter json, SourceLocation location)
    {
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", FileUri(location.File));
        json.WriteEndObject();
        if (location.Line > 0)
        {
            json.WriteStartObject("region");
            json.WriteNumber("startLine", location.Line);
            if (location.Column > 0)
            {
                json.WriteNumber("startColumn", location.Column);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static string FileUri(string path) =>
        Path.IsPathRooted(path) ? new Uri(Path.GetFullPath(path)).AbsoluteUri : path.Replace('\\', '/');

    private static string ToolVersion()
    {
        var informational = typeof(SarifReportWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // The commit hash SourceLink appends after '+' says nothing to a SARIF viewer.
        return informational?.Split('+')[0] ?? "0.0.0";
    }
}
