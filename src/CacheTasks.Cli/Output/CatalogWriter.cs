using System.Text.Json;
using CacheTasks.Catalog;
using CacheTasks.IO;

namespace CacheTasks.Cli.Output;

/// <summary>Prints what <c>cachetasks catalog</c> found, as text or JSON.</summary>
internal static class CatalogWriter
{
    private const string Indent = "  ";

    public static void Write(TextWriter output, CatalogSummary summary, bool json)
    {
        if (json)
        {
            JsonText.Write(output, w =>
            {
                w.WriteStartObject();
                JsonFields.WriteStrings(w, "sources", summary.Sources);
                w.WriteNumber("packages", summary.PackageCount);
                w.WriteNumber("specs", summary.SpecCount);
                WriteCounts(w, "packageSpecs", summary.Packages);
                WriteCounts(w, "arches", summary.Arches);
                WriteCounts(w, "stacks", summary.Stacks);
                WriteCounts(w, "tags", summary.Tags);
                w.WriteEndObject();
            });
            return;
        }

        output.WriteLine(string.Format(CliMessages.CatalogHeader, summary.PackageCount, summary.SpecCount, string.Join("; ", summary.Sources)));
        WriteSection(output, CliMessages.CatalogArches, summary.Arches);
        WriteSection(output, CliMessages.CatalogStacks, summary.Stacks);
        WriteSection(output, CliMessages.CatalogTags, summary.Tags);
        WriteSection(output, CliMessages.CatalogPackages, summary.Packages);
    }

    public static void Write(TextWriter output, PackageSummary package, bool json)
    {
        if (json)
        {
            JsonText.Write(output, w =>
            {
                w.WriteStartObject();
                w.WriteString("name", package.Name);
                w.WriteBoolean("found", package.Found);
                JsonFields.WriteStrings(w, "closestNames", package.ClosestNames);
                w.WriteStartArray("versions");
                foreach (var version in package.Versions)
                {
                    w.WriteStartObject();
                    w.WriteString("version", version.Version);
                    JsonFields.WriteStrings(w, "arches", version.Arches);
                    JsonFields.WriteStrings(w, "compilers", version.Compilers);
                    JsonFields.WriteStrings(w, "stacks", version.Stacks);
                    w.WriteStartArray("specs");
                    foreach (var spec in version.Specs)
                    {
                        w.WriteStartObject();
                        JsonFields.WriteNullable(w, "hash", spec.Hash);
                        w.WriteString("arch", spec.Arch.ToString());
                        w.WriteString("compiler", spec.CompilerText);
                        JsonFields.WriteStrings(w, "variants", spec.Variants.Written);
                        JsonFields.WriteStrings(w, "stacks", spec.Stacks);
                        JsonFields.WriteNullable(w, "tag", spec.Tag);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
            return;
        }

        output.WriteLine(string.Format(CliMessages.PackageHeader, package.Name, package.Versions.Count, package.Versions.Sum(v => v.Specs.Count)));
        foreach (var version in package.Versions)
        {
            output.WriteLine(Indent + string.Format(
                CliMessages.PackageVersion,
                version.Version,
                string.Join(", ", version.Arches),
                string.Join(", ", version.Compilers),
                version.Stacks.Count == 0 ? CliMessages.None : string.Join(", ", version.Stacks)));
        }
    }

    private static void WriteSection(TextWriter output, string name, IReadOnlyList<CatalogCount> counts)
    {
        output.WriteLine(string.Format(CliMessages.CatalogSection, name));
        if (counts.Count == 0)
        {
            output.WriteLine(Indent + CliMessages.None);
            return;
        }

        foreach (var count in counts)
        {
            output.WriteLine(Indent + (count.Specs == 1 ? string.Format(CliMessages.CatalogCountOne, count.Name) : string.Format(CliMessages.CatalogCount, count.Name, count.Specs)));
        }
    }

    private static void WriteCounts(Utf8JsonWriter json, string name, IReadOnlyList<CatalogCount> counts)
    {
        json.WriteStartObject(name);
        foreach (var count in counts)
        {
            json.WriteNumber(count.Name, count.Specs);
        }

        json.WriteEndObject();
    }
}
