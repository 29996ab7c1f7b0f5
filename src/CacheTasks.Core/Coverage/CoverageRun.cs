using CacheTasks.Catalog;
using CacheTasks.Diagnostics;
using CacheTasks.Environments;
using CacheTasks.Incremental;
using CacheTasks.Mirrors;
using CacheTasks.Platform;
using CacheTasks.Reports;

namespace CacheTasks.Coverage;

/// <summary>
/// One whole check, from the user's inputs to written reports: validate properties, detect the
/// host, read the requirements, load the catalog, check, publish. Bad input is reported and
/// left out; everything that can still be checked is.
/// </summary>
public static class CoverageRun
{
    public static CoverageRunResult Execute(CoverageRunOptions options, CancellationToken cancellationToken = default)
    {
        FaultInjection.At(nameof(CoverageRun));
        var diagnostics = new List<Diagnostic>();
        var table = options.Microarchitectures
            ?? (string.IsNullOrWhiteSpace(options.MicroarchitecturesFile) ? null : MicroarchitectureTable.LoadArchspecJson(options.MicroarchitecturesFile!.Trim(), diagnostics))
            ?? MicroarchitectureTable.Embedded;

        if (!OsCompatibilityNames.TryParse(options.OsCompatibility, out var osCompatibility))
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.InvalidProperty, DiagnosticSeverity.Error, string.Format(Messages.InvalidProperty, "SpackOsCompatibility", options.OsCompatibility, Messages.OsCompatibilityValues)));
        }

        var missingSeverity = DiagnosticSeverity.Warning;
        if (!string.IsNullOrWhiteSpace(options.MissingSeverity) && !SeverityNames.TryParse(options.MissingSeverity!, out missingSeverity))
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.InvalidProperty, DiagnosticSeverity.Error, string.Format(Messages.InvalidProperty, "SpackMissingSeverity", options.MissingSeverity, Messages.SeverityValues)));
            missingSeverity = DiagnosticSeverity.Warning;
        }

        var mirrors = MirrorOptionsReader.Read(options.MirrorCacheDirectory, options.MirrorRefresh, options.MirrorMaxAge, options.MirrorTimeout, diagnostics);

        var threshold = CoverageThreshold.Parse(options.CoverageThreshold, diagnostics);
        var writers = options.ReportDirectory is null ? [] : ReportFormats.Select(options.ReportFormats, diagnostics);

        var host = HostDetector.Detect(options.HostFacts ?? HostFacts.FromCurrentMachine(), table);
        var archEntries = options.Arches.Any(a => a.Trim().Length > 0) ? options.Arches : [ArchValidator.HostKeyword];
        var arches = ArchValidator.ParseList(archEntries, Messages.OriginSpackArch, host.Arch, table, null, diagnostics);

        var inputs = options.Requirements.ToList();
        var includedFiles = new List<string>();
        var variables = new RecordingVariableDictionary(options.EnvironmentVariables ?? EnvironmentContext.ProcessVariables());
        if (options.Environments.Count > 0)
        {
            var context = new EnvironmentContext(host.Arch, variables, UseLockFile(options.UseLockFile, diagnostics), table);
            foreach (var environment in options.Environments)
            {
                cancellationToken.ThrowIfCancellationRequested();
                inputs.AddRange(EnvironmentReader.Read(environment, context, diagnostics, includedFiles));
            }
        }

        var dependencies = Dependencies(archEntries, inputs, options.Environments.Count > 0, host, includedFiles, variables);

        var requirements = RequirementReader.Read(inputs, host.Arch, table, diagnostics);

        cancellationToken.ThrowIfCancellationRequested();
        // Mirror URLs become local indexes here (downloaded or found in the mirror cache); the loader reads only local files.
        var sources = MirrorSources.Resolve(options.CatalogSources, mirrors, diagnostics, cancellationToken);
        var loaded = CatalogLoader.Load(sources, new CatalogLoadOptions { CacheDirectory = options.ParsedCatalogCacheDirectory, TakeSnapshot = options.TrackCatalogChanges }, cancellationToken);
        diagnostics.AddRange(loaded.Diagnostics);
        if (options.TrackCatalogChanges)
        {
            dependencies = dependencies with { CatalogSources = CatalogSnapshot.LocalSources(sources), Catalog = loaded.Snapshot };
        }

        // With no catalog at all every row would be "missing" for a reason the user already sees
        // as CT2002; checking would only bury that error under noise.
        if (loaded.Catalog.SpecCount == 0 && loaded.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return new CoverageRunResult(host, null, null, diagnostics, []) { Dependencies = dependencies };
        }

        var coverage = CoverageChecker.Check(loaded.Catalog, requirements, new CoverageOptions(arches, table, Trimmed(options.Stack), missingSeverity, osCompatibility), cancellationToken);
        diagnostics.AddRange(coverage.Diagnostics);
        if (threshold is not null && CoverageThreshold.Check(threshold.Value, coverage.Summary) is { } belowThreshold)
        {
            diagnostics.Add(belowThreshold);
        }

        var report = CoverageReport.Create(coverage, loaded.Catalog, arches, host.Arch);
        var files = options.ReportDirectory is null
            ? []
            : ReportPublisher.Publish(report, options.ReportDirectory, writers, diagnostics);
        return new CoverageRunResult(host, coverage, report, diagnostics, files) { Dependencies = dependencies };
    }

    // The host matters when an arch says host; environments may also test it in when: or use $arch.
    private static CheckDependencies Dependencies(IReadOnlyList<string> archEntries, IEnumerable<RequirementInput> inputs, bool hasEnvironments, HostDetection host, IEnumerable<string> includedFiles, RecordingVariableDictionary variables)
    {
        static bool SaysHost(string? text) => text is not null && text.IndexOf(ArchValidator.HostKeyword, StringComparison.OrdinalIgnoreCase) >= 0;
        var usedHost = hasEnvironments || archEntries.Any(SaysHost) || inputs.Any(i => SaysHost(i.Arch));
        var files = includedFiles.Distinct(StringComparer.Ordinal).Select(FileStamp.Of).ToList();
        return new CheckDependencies(files, variables.Consulted.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), usedHost ? host.Arch.ToString() : null);
    }

    private static bool UseLockFile(string? value, ICollection<Diagnostic> diagnostics)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0 || text.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        diagnostics.Add(new Diagnostic(DiagnosticCodes.InvalidProperty, DiagnosticSeverity.Error, string.Format(Messages.InvalidProperty, "SpackUseLockFile", value, Messages.BooleanValues)));
        return false;
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
