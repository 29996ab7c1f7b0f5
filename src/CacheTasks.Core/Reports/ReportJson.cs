using System.Text.Json;
using CacheTasks.Catalog;

namespace CacheTasks.Reports;

/// <summary>
/// JSON shapes shared by the reports that carry data: coverage.json and the data embedded in
/// coverage.html describe a matched binary the same way.
/// </summary>
internal static class ReportJson
{
    public static void WriteMatch(Utf8JsonWriter json, CatalogSpec spec)
    {
        json.WriteStartObject();
        json.WriteString("name", spec.Name);
        json.WriteString("version", spec.VersionText);
        WriteNullable(json, "hash", spec.Hash);
        json.WriteString("platform", spec.Platform);
        json.WriteString("os", spec.Os);
        json.WriteString("target", spec.Target);
        json.WriteString("compiler", spec.CompilerText);
        WriteStrings(json, "variants", spec.Variants.Written);
        WriteStrings(json, "stacks", spec.Stacks);
        WriteNullable(json, "tag", spec.Tag);
        json.WriteEndObject();
    }

    public static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    public static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
