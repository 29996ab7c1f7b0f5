using CacheTasks.Baselines;
using CacheTasks.Catalog;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Environments;
using CacheTasks.Incremental;
using CacheTasks.Mirrors;
using CacheTasks.Platform;
using CacheTasks.Reports;
using CacheTasks.Requirements;
using CacheTasks.IO;

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
            dependencies = dependencies with { CatalogSources = sources.Select(s => s.Written).ToList(), Catalog = loaded.Snapshot };
        }

        // With no catalog at all every row would be "missing" for a reason the user already sees
        // as CT2002; checking would only bury that error under noise.
        if (loaded.Catalog.SpecCount == 0 && diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Code == DiagnosticCodes.EmptyCatalogSource))
        {
            return Finish(options, catalogFolder, new CoverageRunResult(host, null, null, diagnostics.Select(options.WarningPolicy.Apply).ToList(), []) { Dependencies = dependencies, CatalogNote = catalogNote });
        }

        CoverageResult coverage;
        string? checkNote;
        try
        {
            (coverage, checkNote) = CheckStep.Check(options, loaded.Catalog, inputs, requirements, new CoverageOptions(arches, table, Trimmed(options.Stack), settings.MissingSeverity, settings.OsCompatibility), host.Arch, cancellationToken);
        }
        catch (IndexChangedException e)
        {
            // A mirror index's installs are read again as packages are looked up: if the file was
            // rewritten in place since the load, no answer can be trusted; check again.
            diagnostics.Add(new Diagnostic(DiagnosticCodes.CatalogChanged, DiagnosticSeverity.Error, e.Message, new SourceLocation(e.Path)));
            return Finish(options, catalogFolder, new CoverageRunResult(host, null, null, diagnostics.Select(options.WarningPolicy.Apply).ToList(), []) { Dependencies = dependencies, CatalogNote = catalogNote });
        }

        diagnostics.AddRange(coverage.Diagnostics);
        var rows = coverage.Rows;
        if (settings.Threshold is { } threshold && CoverageThreshold.Check(threshold, coverage.Summary) is { } belowThreshold)
        {
            diagnostics.Add(belowThreshold);
        }

        if (NothingChecked(rows, loaded.Catalog) is { } nothing)
        {
            diagnostics.Add(nothing);
        }

        BaselineComparison? comparison = null;
        if (Trimmed(options.CoverageBaseline) is { } baselineSource)
        {
            if (BaselineStep.LocalFile(baselineSource) is { } baselineFile)
            {
                // A changed (or new, or deleted) baseline file means checking again, not replaying.
                dependencies = dependencies with { Files = [.. dependencies.Files, FileStamp.Of(baselineFile)] };
            }

            if (BaselineStep.Read(baselineSource, settings.Mirrors, diagnostics, cancellationToken) is { } baseline)
            {
                var checkedArches = arches.Concat(rows.Select(r => r.Arch)).Distinct().Select(a => a.ToString()).ToList();
                diagnostics.AddRange(BaselineFit.Check(baseline, checkedArches, CoverageReport.Sources(loaded.Catalog)));
                (rows, comparison) = BaselineComparer.Compare(baseline, rows, diagnostics);
                if (settings.FailOnNewOnly)
                {
                    var known = KnownGaps(rows);
                    (diagnostics, rows) = FindingRewrite.Apply(diagnostics, rows, f => known.Contains(f.Fingerprint) ? KnownGap(f, baseline.Source) : f);
                }
            }
        }

        // The project's NoWarn, WarningsAsErrors and the like, applied once, before any report is
        // written: the log, every report and the saved results show each finding as the build logs it.
        (diagnostics, rows) = FindingRewrite.Apply(diagnostics, rows, options.WarningPolicy.Apply);
        var report = CoverageReport.Create(rows, diagnostics, loaded.Catalog, arches, host.Arch, comparison);
        var publishing = new List<Diagnostic>();
        var files = options.ReportDirectory is null
            ? []
            : ReportPublisher.Publish(report, options.ReportDirectory, settings.ReportWriters, publishing);
        diagnostics.AddRange(publishing.Select(options.WarningPolicy.Apply));
        var result = new CoverageResult(rows, diagnostics);
        return Finish(options, catalogFolder, new CoverageRunResult(host, result, report, diagnostics, files)
        {
            Dependencies = dependencies,
            Items = rows.Select(ResultItems.Of).ToList(),
            Summary = SummaryLine(result.Summary, files),
            CatalogNote = catalogNote,
            CheckNote = checkNote,
        });
    }

    /// <summary>CT1003: a check with no rows, or against a catalog with no binaries, must not pass as 100 % (or fail as 0 %) silently.</summary>
    private static Diagnostic? NothingChecked(IReadOnlyList<CoverageRow> rows, SpackCatalog catalog)
    {
        if (rows.Count == 0)
        {
            return new Diagnostic(DiagnosticCodes.NothingChecked, DiagnosticSeverity.Warning, Messages.NothingCheckedNoRequirements);
        }

        return catalog.SpecCount == 0
            ? new Diagnostic(DiagnosticCodes.NothingChecked, DiagnosticSeverity.Warning, string.Format(Messages.NothingCheckedEmptyCatalog, string.Join(", ", CoverageReport.Sources(catalog))))
            : null;
    }

    /// <summary>The findings of rows missing in the baseline too, none of whose rows is a new gap (a CT1002 shared with a new arch stays new).</summary>
    private static HashSet<string> KnownGaps(IReadOnlyList<CoverageRow> rows)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        var fresh = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Finding is not { } finding)
            {
                continue;
            }

            (BaselineStateNames.IsNewGap(row.Baseline) ? fresh : known).Add(finding.Fingerprint);
        }

        known.ExceptWith(fresh);
        return known;
    }

    // SpackFailOn=new: a gap the baseline had too is a warning (a message stays a message) that says so.
    private static Diagnostic KnownGap(Diagnostic finding, string baseline) => finding with
    {
        Severity = finding.Severity == DiagnosticSeverity.Error ? DiagnosticSeverity.Warning : finding.Severity,
        Message = string.Format(Messages.MissingSinceBaseline, finding.Message, baseline),
    };

    // The diagnostics, as the build logs them, saved for the next build to replay. The catalog
    // snapshot goes to the catalog's own folder (the parsed cache's; else beside the results), once
    // per catalog state, and the results name it: every project of a solution shares one.
    private static CoverageRunResult Finish(CoverageRunOptions options, string? catalogFolder, CoverageRunResult result)
    {
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
        var files = includedFiles.Distinct(StringComparer.Ordinal).Select(f => FileStamp.Of(f)).ToList();
        return new CheckDependencies(files, variables.Consulted.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), usedHost ? host.Arch.ToString() : null);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
