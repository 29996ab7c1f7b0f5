using CacheTasks.Catalog;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Environments;
using CacheTasks.Incremental;
using CacheTasks.Mirrors;
using CacheTasks.Platform;
using CacheTasks.Reports;
using CacheTasks.Requirements;

namespace CacheTasks.Run;

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
        // A check that fails half-way must not leave the previous results to be replayed as if current.
        if (options.ResultsFile is not null)
        {
            SavedCheckFile.Forget(options.ResultsFile);
        }

        var diagnostics = new List<Diagnostic>();
        var table = options.Microarchitectures
            ?? (string.IsNullOrWhiteSpace(options.MicroarchitecturesFile) ? null : MicroarchitectureTable.LoadArchspecJson(options.MicroarchitecturesFile!.Trim(), diagnostics))
            ?? MicroarchitectureTable.Embedded;

        var settings = RunInputValidator.Validate(options, diagnostics);

        var host = HostDetector.Detect(options.HostFacts ?? HostFacts.FromCurrentMachine(), table);
        var archEntries = options.Arches.Any(a => a.Trim().Length > 0) ? options.Arches : [RunDefaults.SpackArch];
        var arches = ArchValidator.ParseList(archEntries, Messages.OriginSpackArch, host.Arch, table, null, diagnostics);

        var inputs = settings.Requirements.ToList();
        var includedFiles = new List<string>();
        var variables = new RecordingVariableDictionary(options.EnvironmentVariables ?? EnvironmentContext.ProcessVariables());
        if (settings.Environments.Count > 0)
        {
            var context = new EnvironmentContext(host.Arch, variables, settings.UseLockFile, table);
            foreach (var environment in settings.Environments)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // when: conditions see the arch being checked (the host for "host").
                inputs.AddRange(EnvironmentArches.Read(environment, context, arches, diagnostics, includedFiles));
            }
        }

        var dependencies = Dependencies(archEntries, inputs, settings.Environments.Count > 0, host, includedFiles, variables);

        var requirements = RequirementReader.Read(inputs, host.Arch, table, diagnostics);

        cancellationToken.ThrowIfCancellationRequested();
        var (loaded, sources, catalogNote, catalogFolder) = CatalogLoadStep.Load(options, settings, TracksCatalog(options), diagnostics, cancellationToken);
        diagnostics.AddRange(loaded.Diagnostics);
        if (TracksCatalog(options))
        {
            dependencies = dependencies with { CatalogSources = CatalogSnapshot.LocalSources(sources), Catalog = loaded.Snapshot };
        }

        // With no catalog at all every row would be "missing" for a reason the user already sees
        // as CT2002; checking would only bury that error under noise.
        if (loaded.Catalog.SpecCount == 0 && loaded.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return Finish(options, catalogFolder, new CoverageRunResult(host, null, null, diagnostics, []) { Dependencies = dependencies, CatalogNote = catalogNote });
        }

        var coverage = CoverageChecker.Check(loaded.Catalog, requirements, new CoverageOptions(arches, table, Trimmed(options.Stack), settings.MissingSeverity, settings.OsCompatibility), cancellationToken);
        // Applied before any report is written, so each report shows a row as the build logs it.
        coverage = new CoverageResult(coverage.Rows.Select(row => Logged(row, options.WarningPolicy)).ToList(), coverage.Diagnostics);
        diagnostics.AddRange(coverage.Diagnostics);
        if (settings.Threshold is { } threshold && CoverageThreshold.Check(threshold, coverage.Summary) is { } belowThreshold)
        {
            diagnostics.Add(belowThreshold);
        }

        var report = CoverageReport.Create(coverage, loaded.Catalog, arches, host.Arch);
        var files = options.ReportDirectory is null
            ? []
            : ReportPublisher.Publish(report, options.ReportDirectory, settings.ReportWriters, diagnostics);
        return Finish(options, catalogFolder, new CoverageRunResult(host, coverage, report, diagnostics, files)
        {
            Dependencies = dependencies,
            Items = coverage.Rows.Select(ResultItems.Of).ToList(),
            Summary = SummaryLine(coverage.Summary, files),
            CatalogNote = catalogNote,
        });
    }

    // The diagnostics as the build logs them, then saved for the next build to replay. The catalog
    // snapshot goes to the catalog's own folder (the parsed cache's; else beside the results), once
    // per catalog state, and the results name it: every project of a solution shares one.
    private static CoverageRunResult Finish(CoverageRunOptions options, string? catalogFolder, CoverageRunResult result)
    {
        result = result with { Diagnostics = result.Diagnostics.Select(options.WarningPolicy.Apply).ToList() };
        if (options.ResultsFile is null)
        {
            return result;
        }

        try
        {
            var dependencies = result.Dependencies;
            if (dependencies.Catalog is { } snapshot && dependencies.CatalogSources.Count > 0)
            {
                var folder = catalogFolder ?? Path.GetDirectoryName(Path.GetFullPath(options.ResultsFile))!;
                dependencies = dependencies with { SavedCatalog = CatalogSnapshotFile.Save(folder, snapshot) };
            }

            SavedCheckFile.Write(options.ResultsFile, new SavedCheck(result.Diagnostics, result.Items, result.ReportFiles, result.Summary) { Dependencies = dependencies });
            return result with { Dependencies = dependencies };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // Without saved results the next build simply checks again; nothing is lost.
            return result with { ResultsNotSaved = string.Format(Messages.ResultsNotSaved, options.ResultsFile, e.Message) };
        }
    }

    private static CoverageRow Logged(CoverageRow row, WarningPolicy policy)
    {
        if (row.Code is null)
        {
            return row;
        }

        var (severity, suppressed) = policy.Apply(row.Code, row.Severity);
        return row with { Severity = severity, Suppressed = suppressed };
    }

    private static string SummaryLine(CoverageSummary summary, IReadOnlyList<string> reportFiles)
    {
        // coverage.md is the report a person opens; name it when it was written.
        var report = reportFiles.FirstOrDefault(f => f.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) ?? (reportFiles.Count > 0 ? reportFiles[0] : null);
        var percent = ReportText.Percent(summary.Percent);
        return report is null
            ? string.Format(Messages.SummaryNoReport, summary.Covered, summary.Total, percent)
            : string.Format(Messages.Summary, summary.Covered, summary.Total, percent, report);
    }

    private static bool TracksCatalog(CoverageRunOptions options) => options.TrackCatalogChanges || options.ResultsFile is not null;

    // The host matters when an arch says host; environments may also test it in when: or use $arch.
    private static CheckDependencies Dependencies(IReadOnlyList<string> archEntries, IEnumerable<RequirementInput> inputs, bool hasEnvironments, HostDetection host, IEnumerable<string> includedFiles, RecordingVariableDictionary variables)
    {
        static bool SaysHost(string? text) => text is not null && text.IndexOf(ArchValidator.HostKeyword, StringComparison.OrdinalIgnoreCase) >= 0;
        var usedHost = hasEnvironments || archEntries.Any(SaysHost) || inputs.Any(i => SaysHost(i.Arch));
        var files = includedFiles.Distinct(StringComparer.Ordinal).Select(FileStamp.Of).ToList();
        return new CheckDependencies(files, variables.Consulted.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), usedHost ? host.Arch.ToString() : null);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
