using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using CacheTasks.Baselines;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.IO;

namespace CacheTasks.Reports;

/// <summary>
/// coverage.sarif: SARIF 2.1.0 for code-scanning tools. One result per finding of the report that
/// code scanning can place: every finding with a location (the spec's line in the project file,
/// spack.yaml or spack.lock, a catalog page, an index position) and every missing row's finding
/// (one CT1001 per row, one CT1002 per requirement, as the log has them), with the same text as the
/// log; a rule for every CT code (<see cref="DiagnosticCodes.All"/>), with its help page. With a
/// baseline, each result has a <c>baselineState</c>, and the baseline's findings that are gone
/// are results of state <c>absent</c>.
/// </summary>
public sealed class SarifReportWriter : IReportWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>
    /// The partialFingerprints key: code scanning matches a result with the last run's by it, so an
    /// alert is tracked from run to run (<see cref="Diagnostic.Fingerprint"/>: code, requirement, arch, source file).
    /// </summary>
    public const string FingerprintKey = "cacheTasksFinding/v1";

    public string Format => "sarif";

    public string FileName => "coverage.sarif";

    public void Write(CoverageReport report, Stream output)
    {
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
        var rowsOf = report.Rows.Where(r => r.Finding is not null).GroupBy(r => r.Finding!).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var finding in report.Findings)
        {
            var rows = rowsOf.TryGetValue(finding, out var found) ? found : [];
            // Code scanning places a result at a file: every finding that has one, and every missing row's.
            if (finding.Location is null && rows.Count == 0)
            {
                continue;
            }

            WriteResult(json, rules, finding, rows, report.Baseline is { } baseline ? BaselineState(finding, rows, baseline) : null);
        }

        foreach (var gone in report.Baseline?.Absent ?? [])
        {
            // In the baseline, not now: code scanning closes the alert.
            WriteResult(json, rules, gone, [], "absent");
        }

        json.WriteEndArray();
        if (report.Baseline is { } compared)
        {
            json.WriteStartObject("properties");
            json.WriteString("baseline", compared.Source);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, IReadOnlyList<DiagnosticDescriptor> rules, Diagnostic finding, IReadOnlyList<CoverageRow> rows, string? baselineState)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.Code);
        json.WriteNumber("ruleIndex", IndexOf(rules, finding.Code));
        json.WriteString("level", baselineState == "absent" ? "none" : Level(finding.Severity));
        json.WriteStartObject("message");
        json.WriteString("text", finding.Message);
        json.WriteEndObject();
        if (finding.Location is { } location)
        {
            WriteLocation(json, location);
        }

        if (finding.Suppressed)
        {
            // Silenced by the project's NoWarn: SARIF's way to say "reported, and deliberately accepted".
            json.WriteStartArray("suppressions");
            json.WriteStartObject();
            json.WriteString("kind", "external");
            json.WriteString("justification", Messages.SarifSuppressedByNoWarn);
            json.WriteEndObject();
            json.WriteEndArray();
        }

        if (baselineState is not null)
        {
            json.WriteString("baselineState", baselineState);
        }

        json.WriteStartObject("partialFingerprints");
        json.WriteString(FingerprintKey, finding.Fingerprint);
        json.WriteEndObject();
        json.WriteStartObject("properties");
        if (finding.Requirement is not null)
        {
            json.WriteString("requirement", finding.Requirement);
        }

        var arches = rows.Count > 0 ? rows.Select(r => r.Arch.ToString()).Distinct().ToList() : finding.Arch is null ? [] : [finding.Arch];
        if (arches.Count > 0)
        {
            JsonFields.WriteStrings(json, "arches", arches);
        }

        if (rows.FirstOrDefault(r => r.Stack is not null)?.Stack is { } stack)
        {
            json.WriteString("stack", stack);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// new: a gap this change made (or a finding the baseline did not have); updated: the same
    /// finding with other details (a missing row's hint, another finding's message); unchanged.
    /// </summary>
    private static string BaselineState(Diagnostic finding, IReadOnlyList<CoverageRow> rows, BaselineComparison baseline)
    {
        var isNew = rows.Count > 0 ? rows.Any(r => BaselineStateNames.IsNewGap(r.Baseline)) : !baseline.Known.Contains(finding.Fingerprint);
        if (isNew)
        {
            return "new";
        }

        return baseline.Updated.Contains(finding.Fingerprint) ? "updated" : "unchanged";
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
