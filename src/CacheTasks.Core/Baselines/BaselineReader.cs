using System.Text;
using System.Text.Json;
using CacheTasks.Diagnostics;

namespace CacheTasks.Baselines;

/// <summary>
/// Reads an earlier coverage.json (schema version 1) as a <see cref="Baseline"/>. Only what the
/// comparison needs is read; anything else in the file (other fields a later version adds) is left alone.
/// </summary>
public static class BaselineReader
{
    /// <summary>Reads <paramref name="file"/>; <paramref name="source"/> is what the user gave (a path or URL), for messages.</summary>
    public static Baseline Read(string file, string source)
    {
        string text;
        try
        {
            text = File.ReadAllText(file, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new BaselineException(e.Message);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number || !root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
            {
                throw new BaselineException(Messages.BaselineNotCoverageJson);
            }

            if (version.GetInt32() != 1)
            {
                throw new BaselineException(string.Format(Messages.BaselineSchemaVersion, version.GetInt32()));
            }

            var arches = Strings(root, "arches");
            var sources = root.TryGetProperty("catalog", out var catalog) && catalog.ValueKind == JsonValueKind.Object ? Strings(catalog, "sources") : [];
            var findings = root.TryGetProperty("findings", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().Select(ReadFinding).ToList() : [];
            var rows = results.EnumerateArray().Select(r => ReadRow(r, findings)).ToList();
            return new Baseline(source, arches, sources, rows, findings);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new BaselineException(e.Message);
        }
    }

    private static BaselineRow ReadRow(JsonElement row, IReadOnlyList<Diagnostic> findings)
    {
        var status = row.GetProperty("status").GetString();
        var missing = status switch
        {
            "missing" => true,
            "covered" => false,
            _ => throw new BaselineException(string.Format(Messages.BaselineBadStatus, status)),
        };
        var hint = row.TryGetProperty("hint", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
        string? code = null;
        if (row.TryGetProperty("finding", out var index) && index.ValueKind == JsonValueKind.Number && index.GetInt32() is var i && i >= 0 && i < findings.Count)
        {
            code = findings[i].Code;
        }

        return new BaselineRow(row.GetProperty("requirement").GetString()!, row.GetProperty("arch").GetString()!, missing, hint, code);
    }

    private static Diagnostic ReadFinding(JsonElement finding)
    {
        var severity = SeverityNames.TryParse(finding.GetProperty("severity").GetString() ?? string.Empty, out var parsed) ? parsed : DiagnosticSeverity.Warning;
        SourceLocation? location = null;
        if (finding.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.String)
        {
            location = new SourceLocation(file.GetString()!, Number(finding, "line"), Number(finding, "column"));
        }

        return new Diagnostic(finding.GetProperty("code").GetString()!, severity, finding.GetProperty("message").GetString() ?? string.Empty, location)
        {
            Requirement = Text(finding, "requirement"),
            Arch = Text(finding, "arch"),
        };
    }

    private static IReadOnlyList<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!).ToList()
            : [];

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;
}
