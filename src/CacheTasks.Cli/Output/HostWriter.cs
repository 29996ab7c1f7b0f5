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
        output.WriteLine(Indent + string.Format(Messages.CliHostOs, host.Arch.Os, host.OsSource));
        output.WriteLine(Indent + string.Format(Messages.CliHostTarget, host.Target, host.Family));
        output.WriteLine(Indent + string.Format(Messages.CliHostVendor, host.Vendor));
        if (host.CpuPart is not null)
        {
            output.WriteLine(Indent + string.Format(Messages.CliHostCpuPart, host.CpuPart));
        }

        if (host.Generation is int generation)
        {
            output.WriteLine(Indent + string.Format(Messages.CliHostGeneration, generation));
        }

        if (host.Model is not null)
        {
            output.WriteLine(Indent + string.Format(Messages.CliHostModel, host.Model));
        }

        output.WriteLine(Indent + (host.Features.Count == 0
            ? Messages.CliHostNoFeatures
            : string.Format(Messages.CliHostFeatures, host.Features.Count, string.Join(" ", host.Features))));

        var target = table.Find(host.Target);
        var parents = target?.Parents ?? [];
        var generic = target is null || target.Vendor == Microarchitecture.GenericVendor;
        // A generic level with nothing of its own, or a family root, was chosen because nothing more specific fit.
        var decidedBy = parents.Count == 0 || (generic && host.DecidingFeatures.Count == 0)
            ? string.Format(Messages.CliHostDecidedByNothing, host.Target)
            : host.DecidingFeatures.Count == 0
                ? string.Format(Messages.CliHostDecidedByParents, host.Vendor, string.Join(", ", parents))
                : string.Format(Messages.CliHostDecidedBy, string.Join(", ", host.DecidingFeatures), host.Target, string.Join(", ", parents));
        output.WriteLine(Indent + decidedBy);
        if (host.Ancestors.Count > 0)
        {
            output.WriteLine(Indent + string.Format(Messages.CliHostAncestors, string.Join(", ", host.Ancestors)));
        }

        var shown = host.RuledOut.Where(r => r.Reason is not (RuledOutReason.LessSpecific or RuledOutReason.OtherVendor)).ToList();
        var otherVendors = host.RuledOut.Where(r => r.Reason == RuledOutReason.OtherVendor).ToList();
        if (shown.Count == 0 && otherVendors.Count == 0)
        {
            return;
        }

        output.WriteLine(Indent + Messages.CliHostRuledOut);
        foreach (var candidate in shown)
        {
            var line = candidate.Reason switch
            {
                RuledOutReason.MissingFeatures => string.Format(Messages.CliHostRuledOutMissing, candidate.Name, string.Join(", ", candidate.Details)),
                RuledOutReason.NewerGeneration => string.Format(Messages.CliHostRuledOutGeneration, candidate.Name, candidate.Details[0]),
                RuledOutReason.OtherModel => string.Format(Messages.CliHostRuledOutModel, candidate.Name, candidate.Details[0]),
                RuledOutReason.OtherCpuPart => string.Format(Messages.CliHostRuledOutCpuPart, candidate.Name, candidate.Details[0]),
                RuledOutReason.NotBelowBestGeneric => string.Format(Messages.CliHostRuledOutBelowBestGeneric, candidate.Name, candidate.Details[0]),
                _ => string.Format(Messages.CliHostRuledOutNotChosen, candidate.Name),
            };
            output.WriteLine(Indent + Indent + line);
        }

        if (otherVendors.Count > 0)
        {
            var vendors = otherVendors.SelectMany(r => r.Details).Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal);
            output.WriteLine(Indent + Indent + string.Format(Messages.CliHostRuledOutVendors, otherVendors.Count, string.Join(", ", vendors)));
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
