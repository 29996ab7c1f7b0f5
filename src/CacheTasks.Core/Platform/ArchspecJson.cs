using System.Text.Json;
using CacheTasks.Diagnostics;

namespace CacheTasks.Platform;

/// <summary>
/// Reads archspec's <c>microarchitectures.json</c> format: <c>microarchitectures</c> (name →
/// <c>from</c>, <c>vendor</c>, <c>features</c>, optional <c>generation</c> and <c>cpupart</c>) and
/// <c>conversions</c> (<c>arm_vendors</c>, <c>darwin_flags</c>). Problems become CT3002 diagnostics
/// pointing at the line and column of the offending entry.
/// </summary>
internal static class ArchspecJson
{
    private const string TargetsKey = "microarchitectures";

    public static MicroarchitectureTable? Read(string text, string path, ICollection<Diagnostic> diagnostics)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            // JsonException counts lines and bytes from 0; MSBuild counts from 1.
            diagnostics.Add(MicroarchitectureTable.BadTable(path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, FirstSentence(e.Message)));
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(TargetsKey, out var targetsElement) || targetsElement.ValueKind != JsonValueKind.Object)
            {
                diagnostics.Add(MicroarchitectureTable.BadTable(path, 1, 1, Messages.MicroarchitecturesNoTargets));
                return null;
            }

            var targets = new List<Microarchitecture>();
            var defined = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in targetsElement.EnumerateObject())
            {
                // JSON allows a name twice; the table cannot hold two targets of one name (it threw, CT9001).
                if (!defined.Add(property.Name))
                {
                    diagnostics.Add(At(text, path, property.Name, string.Format(Messages.MicroarchitecturesBadTarget, property.Name, Messages.MicroarchitecturesDefinedTwice)));
                    return null;
                }

                var target = ReadTarget(property, out var problem);
                if (target is null)
                {
                    diagnostics.Add(At(text, path, property.Name, string.Format(Messages.MicroarchitecturesBadTarget, property.Name, problem)));
                    return null;
                }

                targets.Add(target);
            }

            var names = new HashSet<string>(targets.Select(t => t.Name), StringComparer.Ordinal);
            foreach (var target in targets)
            {
                var unknown = target.Parents.FirstOrDefault(p => !names.Contains(p));
                if (unknown is not null)
                {
                    diagnostics.Add(At(text, path, target.Name, string.Format(Messages.MicroarchitecturesUnknownParent, target.Name, unknown)));
                    return null;
                }
            }

            var table = new MicroarchitectureTable(targets, ReadArmVendors(root), ReadDarwinFlags(root));
            var cyclic = targets.FirstOrDefault(t => table.IsInCycle(t.Name));
            if (cyclic is not null)
            {
                diagnostics.Add(At(text, path, cyclic.Name, string.Format(Messages.MicroarchitecturesCycle, cyclic.Name)));
                return null;
            }

            return table;
        }
    }

    private static Microarchitecture? ReadTarget(JsonProperty property, out string problem)
    {
        problem = string.Empty;
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object)
        {
            problem = Messages.MicroarchitecturesNotAnObject;
            return null;
        }

        if (!TryStrings(value, "from", out var parents) || !TryStrings(value, "features", out var features))
        {
            problem = Messages.MicroarchitecturesNeedsLists;
            return null;
        }

        if (!value.TryGetProperty("vendor", out var vendor) || vendor.ValueKind != JsonValueKind.String)
        {
            problem = Messages.MicroarchitecturesNeedsVendor;
            return null;
        }

        var generation = 0;
        if (value.TryGetProperty("generation", out var generationElement) && !generationElement.TryGetInt32(out generation))
        {
            problem = Messages.MicroarchitecturesBadGeneration;
            return null;
        }

        string? cpuPart = null;
        if (value.TryGetProperty("cpupart", out var cpuPartElement) && cpuPartElement.ValueKind == JsonValueKind.String)
        {
            cpuPart = cpuPartElement.GetString();
        }

        return new Microarchitecture(property.Name, vendor.GetString()!, parents, new HashSet<string>(features, StringComparer.Ordinal), cpuPart, generation);
    }

    private static bool TryStrings(JsonElement value, string name, out List<string> strings)
    {
        strings = [];
        if (!value.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            strings.Add(item.GetString()!);
        }

        return true;
    }

    private static Dictionary<string, string> ReadArmVendors(JsonElement root)
    {
        var vendors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (Conversion(root, "arm_vendors") is { } element)
        {
            foreach (var entry in element.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.String))
            {
                vendors[entry.Name] = entry.Value.GetString()!;
            }
        }

        return vendors;
    }

    private static List<KeyValuePair<string, string>> ReadDarwinFlags(JsonElement root)
    {
        var flags = new List<KeyValuePair<string, string>>();
        if (Conversion(root, "darwin_flags") is { } element)
        {
            foreach (var entry in element.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.String))
            {
                flags.Add(new KeyValuePair<string, string>(entry.Name, entry.Value.GetString()!));
            }
        }

        return flags;
    }

    private static JsonElement? Conversion(JsonElement root, string name) =>
        root.TryGetProperty("conversions", out var conversions) && conversions.ValueKind == JsonValueKind.Object
        && conversions.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Object
            ? element
            : null;

    // JsonDocument keeps no positions, so a problem in a target points at where its name is written.
    private static Diagnostic At(string text, string path, string targetName, string reason)
    {
        var index = text.IndexOf("\"" + targetName + "\"", StringComparison.Ordinal);
        var line = 1;
        var column = 1;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return MicroarchitectureTable.BadTable(path, line, column, reason);
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message.Substring(0, end);
    }
}
