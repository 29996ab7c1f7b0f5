using CacheTasks.Catalog;
using CacheTasks.Diagnostics;
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
        var diagnostics = new List<Diagnostic>();
        var table = options.Microarchitectures ?? MicroarchitectureTable.Embedded;

        var missingSeverity = DiagnosticSeverity.Warning;
        if (!string.IsNullOrWhiteSpace(options.MissingSeverity) && !SeverityNames.TryParse(options.MissingSeverity!, out missingSeverity))
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.InvalidProperty, DiagnosticSeverity.Error, string.Format(Messages.InvalidProperty, "SpackMissingSeverity", options.MissingSeverity, Messages.SeverityValues)));
            missingSeverity = DiagnosticSeverity.Warning;
        }

        var writers = options.ReportDirectory is null ? [] : ReportFormats.Select(options.ReportFormats, diagnostics);

        var host = HostDetector.Detect(options.HostFacts ?? HostFacts.FromCurrentMachine(), table);
        var archEntries = options.Arches.Any(a => a.Trim().Length > 0) ? options.Arches : [ArchValidator.HostKeyword];
        var arches = ArchValidator.ParseList(archEntries, Messages.OriginSpackArch, host.Arch, table, null, diagnostics);

        var requirements = RequirementReader.Read(options.Requirements, host.Arch, table, diagnostics);

        cancellationToken.ThrowIfCancellationRequested();
        var loaded = CatalogLoader.Load(options.CatalogSources, new CatalogLoadOptions { CacheDirectory = options.CatalogCacheDirectory }, cancellationToken);
        diagnostics.AddRange(loaded.Diagnostics);

        // With no catalog at all every row would be "missing" for a reason the user already sees
        // as CT2002; checking would only bury that error under noise.
        if (loaded.Catalog.SpecCount == 0 && loaded.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return new CoverageRunResult(host, null, null, diagnostics, []);
        }

        var coverage = CoverageChecker.Check(loaded.Catalog, requirements, new CoverageOptions(arches, table, Trimmed(options.Stack), missingSeverity), cancellationToken);
        diagnostics.AddRange(coverage.Diagnostics);

        var report = CoverageReport.Create(coverage, loaded.Catalog, arches, host.Arch);
        var files = options.ReportDirectory is null
            ? []
            : ReportPublisher.Publish(report, options.ReportDirectory, writers, diagnostics);
        return new CoverageRunResult(host, coverage, report, diagnostics, files);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
