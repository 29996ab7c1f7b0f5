using System.Text.Json;

namespace CacheTasks.IO;

/// <summary>The two JSON fields every writer here needs and Utf8JsonWriter has no one call for.</summary>
internal static class JsonFields
{
    /// <summary>A string field, or <c>null</c> when there is no value (the field is always there).</summary>
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
