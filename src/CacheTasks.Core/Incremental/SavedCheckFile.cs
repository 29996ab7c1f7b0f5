using System.Text;
using System.Text.Json;
using CacheTasks.Diagnostics;
using CacheTasks.IO;

namespace CacheTasks.Incremental;

/// <summary>
/// Reads and writes <see cref="SavedCheck"/> as JSON. Writes are atomic (temporary file, then
/// rename); a file that is missing, unreadable or of another version reads as null, and the
/// caller then checks again rather than replaying something it cannot trust.
/// </summary>
public static class SavedCheckFile
{
    public static void Write(string path, SavedCheck check)
    {
        // One rename over the old file: a build replaying at the same moment finds the old or the new file, never none.
        // Not flushed (see AtomicFile): a file a power cut left short reads as no results, and the project is checked again.
        AtomicFile.Write(
            path,
            stream =>
            {
                using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
                WriteCheck(json, check);
            },
            durable: false);
    }

    /// <summary>
    /// Removes the saved results before a check starts, so one that fails half-way leaves nothing to
    /// replay. A file that cannot be removed now cannot be rewritten either, and the check says so then.
    /// </summary>
    public static void Forget(string path)
    {
        if (path.Length > 0)
        {
            AtomicFile.TryDelete(path);
        }
    }

    public static SavedCheck? Read(string path)
    {
        FaultInjection.At(nameof(SavedCheckFile));
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path, Encoding.UTF8));
            var root = document.RootElement;
            if (!root.TryGetProperty("formatVersion", out var version) || version.GetInt32() != SavedCheck.FormatVersion)
            {
                return null;
            }

            var diagnostics = root.GetProperty("diagnostics").EnumerateArray().Select(ReadDiagnostic).ToList();
            var results = root.GetProperty("results").EnumerateArray().Select(ReadResult).ToList();
            var reports = root.GetProperty("reportFiles").EnumerateArray().Select(r => r.GetString()!).ToList();
            var summary = root.GetProperty("summary").GetString();
            return new SavedCheck(diagnostics, results, reports, summary) { Dependencies = ReadDependencies(root.GetProperty("dependencies")) };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static void WriteCheck(Utf8JsonWriter json, SavedCheck check)
    {
        json.WriteStartObject();
        json.WriteNumber("formatVersion", SavedCheck.FormatVersion);
        json.WriteStartArray("diagnostics");
        foreach (var diagnostic in check.Diagnostics)
        {
            json.WriteStartObject();
            json.WriteString("code", diagnostic.Code);
            json.WriteString("severity", diagnostic.Severity.ToString());
            json.WriteString("message", diagnostic.Message);
            if (diagnostic.Suppressed)
            {
                json.WriteBoolean("suppressed", true);
            }
            if (diagnostic.Location is { } location)
            {
                json.WriteString("file", location.File);
                json.WriteNumber("line", location.Line);
                json.WriteNumber("column", location.Column);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("results");
        foreach (var result in check.Results)
        {
            json.WriteStartObject();
            json.WriteString("itemSpec", result.ItemSpec);
            json.WriteStartObject("metadata");
            foreach (var pair in result.Metadata)
            {
                json.WriteString(pair.Key, pair.Value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        JsonFields.WriteStrings(json, "reportFiles", check.ReportFiles);
        JsonFields.WriteNullable(json, "summary", check.Summary);

        WriteDependencies(json, check.Dependencies);
        json.WriteEndObject();
    }

    private static void WriteDependencies(Utf8JsonWriter json, CheckDependencies dependencies)
    {
        json.WriteStartObject("dependencies");
        json.WriteStartArray("files");
        foreach (var file in dependencies.Files)
        {
            json.WriteStartObject();
            json.WriteString("path", file.Path);
            json.WriteNumber("length", file.Length);
            json.WriteNumber("lastWriteTicks", file.LastWriteTicks);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("variables");
        foreach (var pair in dependencies.Variables)
        {
            JsonFields.WriteNullable(json, pair.Key, pair.Value);
        }

        json.WriteEndObject();
        JsonFields.WriteNullable(json, "hostArch", dependencies.HostArch);
        JsonFields.WriteStrings(json, "catalogSources", dependencies.CatalogSources);
        // Only the snapshot's key and file: the snapshot itself (16,000 entries for a develop-scale
        // catalog) is one file per catalog state, which every project's results name.
        if (dependencies.SavedCatalog is { } saved)
        {
            json.WriteStartObject("catalogSnapshot");
            json.WriteString("key", saved.Key);
            json.WriteString("file", saved.File);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("catalogSnapshot");
        }

        json.WriteEndObject();
    }

    private static CheckDependencies ReadDependencies(JsonElement element)
    {
        var files = element.GetProperty("files").EnumerateArray()
            .Select(f => new FileStamp(f.GetProperty("path").GetString()!, f.GetProperty("length").GetInt64(), f.GetProperty("lastWriteTicks").GetInt64()))
            .ToList();
        var variables = element.GetProperty("variables").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetString(), StringComparer.Ordinal);
        var host = element.GetProperty("hostArch");
        var catalog = element.GetProperty("catalogSnapshot");
        return new CheckDependencies(files, variables, host.ValueKind == JsonValueKind.Null ? null : host.GetString())
        {
            CatalogSources = element.GetProperty("catalogSources").EnumerateArray().Select(s => s.GetString()!).ToList(),
            SavedCatalog = catalog.ValueKind == JsonValueKind.Null ? null : new SavedCatalogSnapshot(catalog.GetProperty("key").GetString()!, catalog.GetProperty("file").GetString()!),
        };
    }

    private static Diagnostic ReadDiagnostic(JsonElement element)
    {
        var severity = (DiagnosticSeverity)Enum.Parse(typeof(DiagnosticSeverity), element.GetProperty("severity").GetString()!);
        SourceLocation? location = null;
        if (element.TryGetProperty("file", out var file))
        {
            location = new SourceLocation(file.GetString()!, element.GetProperty("line").GetInt32(), element.GetProperty("column").GetInt32());
        }

        var suppressed = element.TryGetProperty("suppressed", out var flag) && flag.GetBoolean();
        return new Diagnostic(element.GetProperty("code").GetString()!, severity, element.GetProperty("message").GetString()!, location) { Suppressed = suppressed };
    }

    private static SavedResult ReadResult(JsonElement element)
    {
        var metadata = element.GetProperty("metadata").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
        return new SavedResult(element.GetProperty("itemSpec").GetString()!, metadata);
    }
}
