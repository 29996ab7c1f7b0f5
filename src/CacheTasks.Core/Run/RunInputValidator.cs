using System.Globalization;
using CacheTasks.Diagnostics;
using CacheTasks.Environments;
using CacheTasks.Mirrors;
using CacheTasks.Platform;
using CacheTasks.Reports;
using CacheTasks.Requirements;
using CacheTasks.Sources;

namespace CacheTasks.Run;

/// <summary>
/// The one place where the values a user gives a check (properties and item metadata) are judged:
/// every CT3004 is born here. An invalid value is reported and its default used instead (a
/// requirement whose <c>Severity</c> is invalid is still read, for its own findings, but not
/// checked), so the rest of the check still runs. Mirror settings are in RunInputValidator.Mirrors.cs.
/// </summary>
public static partial class RunInputValidator
{
    public const string ThresholdProperty = "SpackCoverageThreshold";

    // The defaults, read from the words RunDefaults gives them, so they cannot drift from the .props.
    private static readonly DiagnosticSeverity DefaultMissingSeverity = SeverityNames.TryParse(RunDefaults.SpackMissingSeverity, out var severity) ? severity : DiagnosticSeverity.Warning;
    private static readonly OsCompatibility DefaultOsCompatibility = OsCompatibilityNames.TryParse(RunDefaults.SpackOsCompatibility, out var compatibility) ? compatibility : Platform.OsCompatibility.Exact;

    public static RunSettings Validate(CoverageRunOptions options, ICollection<Diagnostic> diagnostics) =>
        new(
            CatalogSources(options.CatalogSources, diagnostics),
            options.Requirements.Select(input => RequirementItem(input, diagnostics)).ToList(),
            options.Environments.Select(input => EnvironmentItem(input, diagnostics)).ToList(),
            MissingSeverity(options.MissingSeverity, diagnostics),
            OsCompatibilityOf(options.OsCompatibility, diagnostics),
            MirrorSettings(options.MirrorCacheDirectory, options.MirrorRefresh, options.MirrorMaxAge, options.MirrorTimeout, diagnostics),
            Threshold(options.CoverageThreshold, diagnostics),
            options.ReportDirectory is null ? [] : ReportWriters(options.ReportFormats, diagnostics),
            UseLockFile(options.UseLockFile, diagnostics))
        {
            FailOnNewOnly = FailOnNewOnly(options.FailOn, diagnostics),
            Credentials = CredentialsOf(options, diagnostics),
        };

    /// <summary><c>SpackCoverageThreshold</c>: a percent from 0 to 100 (a trailing % is fine), or null when none is set or the value is invalid.</summary>
    public static double? Threshold(string? text, ICollection<Diagnostic> diagnostics)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text!.Trim().TrimEnd('%').Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 100)
        {
            return value;
        }

        diagnostics.Add(Invalid(ThresholdProperty, text, Messages.ThresholdRange));
        return null;
    }

    /// <summary><c>SpackCoverageReportFormats</c>: the writers for the named formats, in order, each once; an unknown name is left out.</summary>
    public static IReadOnlyList<IReportWriter> ReportWriters(IEnumerable<string> names, ICollection<Diagnostic> diagnostics)
    {
        var writers = new List<IReportWriter>();
        // "json%3Bmd" on the command line reaches the task as one value "json;md": split it as a list.
        foreach (var raw in names.SelectMany(n => n.Split(';', ',')))
        {
            var name = raw.Trim().TrimStart('.').ToLowerInvariant();
            if (name.Length == 0)
            {
                continue;
            }

            var writer = ReportFormats.All.FirstOrDefault(w => w.Format == name);
            if (writer is null)
            {
                diagnostics.Add(Invalid("SpackCoverageReportFormats", raw, string.Format(Messages.KnownValues, string.Join(", ", ReportFormats.All.Select(w => w.Format)))));
                continue;
            }

            if (!writers.Contains(writer))
            {
                writers.Add(writer);
            }
        }

        return writers;
    }

    private static DiagnosticSeverity MissingSeverity(string? text, ICollection<Diagnostic> diagnostics)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultMissingSeverity;
        }

        if (SeverityNames.TryParse(text!, out var severity))
        {
            return severity;
        }

        diagnostics.Add(Invalid("SpackMissingSeverity", text, Messages.SeverityValues));
        return DefaultMissingSeverity;
    }

    private static OsCompatibility OsCompatibilityOf(string? text, ICollection<Diagnostic> diagnostics)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultOsCompatibility;
        }

        if (OsCompatibilityNames.TryParse(text, out var compatibility))
        {
            return compatibility;
        }

        diagnostics.Add(Invalid("SpackOsCompatibility", text, Messages.OsCompatibilityValues));
        return DefaultOsCompatibility;
    }

    // SpackFailOn: any (the default) or new.
    private static bool FailOnNewOnly(string? value, ICollection<Diagnostic> diagnostics)
    {
        var text = string.IsNullOrWhiteSpace(value) ? RunDefaults.SpackFailOn : value!.Trim();
        if (text.Equals("any", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (text.Equals("new", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        diagnostics.Add(Invalid("SpackFailOn", value, Messages.FailOnValues));
        return false;
    }

    private static bool UseLockFile(string? value, ICollection<Diagnostic> diagnostics)
    {
        var text = string.IsNullOrWhiteSpace(value) ? RunDefaults.SpackUseLockFile : value!.Trim();
        if (text.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        diagnostics.Add(Invalid("SpackUseLockFile", value, Messages.BooleanValues));
        return false;
    }

    /// <summary>
    /// <c>SpackCatalog</c>: a source its kind cannot use (a URL of no known scheme, or one with a
    /// password) is CT3004, with any password masked. The sources are returned as given, so reports
    /// still list them; resolving skips a bad URL without a second finding. Local paths are judged
    /// when they are resolved (CT2002).
    /// </summary>
    public static IReadOnlyList<string> CatalogSources(IReadOnlyList<string> sources, ICollection<Diagnostic> diagnostics)
    {
        foreach (var source in sources)
        {
            if (SourceKinds.Problem(source) is { } problem)
            {
                diagnostics.Add(Invalid("SpackCatalog", MirrorUrl.Redact(source), problem));
            }
        }

        return sources;
    }

    // Severity metadata is judged here, once per item; the requirement reader only reads valid values.
    private static RequirementInput RequirementItem(RequirementInput input, ICollection<Diagnostic> diagnostics)
    {
        if (string.IsNullOrWhiteSpace(input.Severity) || SeverityNames.TryParse(input.Severity!, out _))
        {
            return input;
        }

        diagnostics.Add(new Diagnostic(DiagnosticCodes.InvalidProperty, DiagnosticSeverity.Error, string.Format(Messages.InvalidSeverityMetadata, input.Severity, input.Text), input.Location));
        return input with { Rejected = true };
    }

    // Judged once per environment, not once per spec it expands to; its specs are checked with the default severity.
    private static EnvironmentInput EnvironmentItem(EnvironmentInput input, ICollection<Diagnostic> diagnostics)
    {
        if (string.IsNullOrWhiteSpace(input.Severity) || SeverityNames.TryParse(input.Severity!, out _))
        {
            return input;
        }

        diagnostics.Add(new Diagnostic(DiagnosticCodes.InvalidProperty, DiagnosticSeverity.Error, string.Format(Messages.InvalidEnvironmentSeverityMetadata, input.Severity, input.Path)));
        return input with { Severity = null };
    }

    private static Diagnostic Invalid(string property, string? value, string allowed) =>
        new(DiagnosticCodes.InvalidProperty, DiagnosticSeverity.Error, string.Format(Messages.InvalidProperty, property, value, allowed));
}
