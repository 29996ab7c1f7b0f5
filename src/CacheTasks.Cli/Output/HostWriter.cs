using CacheTasks.Platform;
using CacheTasks.IO;

namespace CacheTasks.Cli.Output;

/// <summary>Prints a <see cref="HostExplanation"/>: the arch on the first line (for <c>$(cachetasks host | head -1)</c>), then how it was found.</summary>
internal static class HostWriter
{
    private const string Indent = "  ";

    public static void WriteText(TextWriter output, HostExplanation host, MicroarchitectureTable table)
    {
        output.WriteLine(host.Arch.ToString());
        output.WriteLine(Indent + string.Format(CliMessages.HostOs, host.Arch.Os, host.OsSource));
        output.WriteLine(Indent + string.Format(CliMessages.HostTarget, host.Target, host.Family));
        output.WriteLine(Indent + string.Format(CliMessages.HostVendor, host.Vendor));
        if (host.CpuPart is not null)
        {
            output.WriteLine(Indent + string.Format(CliMessages.HostCpuPart, host.CpuPart));
        }

        if (host.Generation is int generation)
        {
            output.WriteLine(Indent + string.Format(CliMessages.HostGeneration, generation));
        }

        if (host.Model is not null)
        {
            output.WriteLine(Indent + string.Format(CliMessages.HostModel, host.Model));
        }

        output.WriteLine(Indent + (host.Features.Count == 0
            ? CliMessages.HostNoFeatures
            : string.Format(CliMessages.HostFeatures, host.Features.Count, string.Join(" ", host.Features))));

        var target = table.Find(host.Target);
        var parents = target?.Parents ?? [];
        var generic = target is null || target.Vendor == Microarchitecture.GenericVendor;
        // A generic level with nothing of its own, or a family root, was chosen because nothing more specific fit.
        var decidedBy = parents.Count == 0 || (generic && host.DecidingFeatures.Count == 0)
            ? string.Format(CliMessages.HostDecidedByNothing, host.Target)
            : host.DecidingFeatures.Count == 0
                ? string.Format(CliMessages.HostDecidedByParents, host.Vendor, string.Join(", ", parents))
                : string.Format(CliMessages.HostDecidedBy, string.Join(", ", host.DecidingFeatures), host.Target, string.Join(", ", parents));
        output.WriteLine(Indent + decidedBy);
        if (host.Ancestors.Count > 0)
        {
            output.WriteLine(Indent + string.Format(CliMessages.HostAncestors, string.Join(", ", host.Ancestors)));
        }

        var shown = host.RuledOut.Where(r => r.Reason is not (RuledOutReason.LessSpecific or RuledOutReason.OtherVendor)).ToList();
        var otherVendors = host.RuledOut.Where(r => r.Reason == RuledOutReason.OtherVendor).ToList();
        if (shown.Count == 0 && otherVendors.Count == 0)
        {
            return;
        }

        output.WriteLine(Indent + CliMessages.HostRuledOut);
        foreach (var candidate in shown)
        {
            var line = candidate.Reason switch
            {
                RuledOutReason.MissingFeatures => string.Format(CliMessages.HostRuledOutMissing, candidate.Name, string.Join(", ", candidate.Details)),
                RuledOutReason.NewerGeneration => string.Format(CliMessages.HostRuledOutGeneration, candidate.Name, candidate.Details[0]),
                RuledOutReason.OtherModel => string.Format(CliMessages.HostRuledOutModel, candidate.Name, candidate.Details[0]),
                RuledOutReason.OtherCpuPart => string.Format(CliMessages.HostRuledOutCpuPart, candidate.Name, candidate.Details[0]),
                RuledOutReason.NotBelowBestGeneric => string.Format(CliMessages.HostRuledOutBelowBestGeneric, candidate.Name, candidate.Details[0]),
                _ => string.Format(CliMessages.HostRuledOutNotChosen, candidate.Name),
            };
            output.WriteLine(Indent + Indent + line);
        }

        if (otherVendors.Count > 0)
        {
            var vendors = otherVendors.SelectMany(r => r.Details).Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal);
            output.WriteLine(Indent + Indent + string.Format(CliMessages.HostRuledOutVendors, otherVendors.Count, string.Join(", ", vendors)));
        }
    }

    public static void WriteJson(TextWriter output, HostExplanation host) => JsonText.Write(output, json =>
    {
        json.WriteStartObject();
        json.WriteString("arch", host.Arch.ToString());
        json.WriteString("platform", host.Arch.Platform);
        json.WriteString("os", host.Arch.Os);
        json.WriteString("target", host.Target);
        json.WriteString("osSource", host.OsSource);
        json.WriteString("family", host.Family);
        json.WriteString("vendor", host.Vendor);
        JsonFields.WriteNullable(json, "cpuPart", host.CpuPart);
        if (host.Generation is int generation)
        {
            json.WriteNumber("generation", generation);
        }
        else
        {
            json.WriteNull("generation");
        }

        JsonFields.WriteNullable(json, "model", host.Model);
        JsonFields.WriteStrings(json, "features", host.Features);
        JsonFields.WriteStrings(json, "decidingFeatures", host.DecidingFeatures);
        JsonFields.WriteStrings(json, "ancestors", host.Ancestors);
        json.WriteStartArray("ruledOut");
        foreach (var candidate in host.RuledOut)
        {
            json.WriteStartObject();
            json.WriteString("name", candidate.Name);
            json.WriteString("reason", ReasonName(candidate.Reason));
            JsonFields.WriteStrings(json, "details", candidate.Details);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("explanation", host.Detection.Explanation);
        json.WriteEndObject();
    });

    // Stable names for scripts: the enum's names in camelCase.
    public static string ReasonName(RuledOutReason reason)
    {
        var name = reason.ToString();
        return char.ToLowerInvariant(name[0]) + name.Substring(1);
    }
}
