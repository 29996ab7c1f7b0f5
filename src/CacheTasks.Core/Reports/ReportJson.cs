using System.Text.Json;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.IO;

namespace CacheTasks.Reports;

/// <summary>
/// JSON shapes shared by the reports that carry data: coverage.json and the data embedded in
/// coverage.html describe a matched binary the same way.
/// </summary>
internal static class ReportJson
{
    /// <summary>One match; <paramref name="dependencies"/> (coverage.html only) are the dependency nodes the requirement's clauses refer to.</summary>
    public static void WriteMatch(Utf8JsonWriter json, CatalogSpec spec, IEnumerable<string>? dependencies = null)
    {
        json.WriteStartObject();
        json.WriteString("name", spec.Name);
        json.WriteString("version", spec.VersionText);
        JsonFields.WriteNullable(json, "hash", spec.Hash);
        json.WriteString("platform", spec.Platform);
        json.WriteString("os", spec.Os);
        json.WriteString("target", spec.Target);
        json.WriteString("compiler", spec.CompilerText);
        JsonFields.WriteStrings(json, "variants", spec.Variants.Written);
        JsonFields.WriteStrings(json, "stacks", spec.Stacks);
        JsonFields.WriteNullable(json, "tag", spec.Tag);
        if (dependencies is not null)
        {
            JsonFields.WriteStrings(json, "dependencies", dependencies);
        }

        json.WriteEndObject();
    }
}
