using CacheTasks.Diagnostics;

namespace CacheTasks.Reports;

/// <summary>The report formats CacheTasks writes, by the names <c>SpackCoverageReportFormats</c> takes.</summary>
public static class ReportFormats
{
    public static IReadOnlyList<IReportWriter> All { get; } = [new JsonReportWriter(), new MarkdownReportWriter(), new HtmlReportWriter(), new SarifReportWriter()];

    /// <summary>The writers for the named formats; an unknown name is CT3004 and is left out.</summary>
    public static IReadOnlyList<IReportWriter> Select(IEnumerable<string> names, ICollection<Diagnostic> diagnostics)
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

            var writer = All.FirstOrDefault(w => w.Format == name);
            if (writer is null)
            {
                diagnostics.Add(new Diagnostic(
                    DiagnosticCodes.InvalidProperty,
                    DiagnosticSeverity.Error,
                    string.Format(Messages.InvalidProperty, "SpackCoverageReportFormats", raw, string.Format(Messages.KnownValues, string.Join(", ", All.Select(w => w.Format))))));
                continue;
            }

            if (!writers.Contains(writer))
            {
                writers.Add(writer);
            }
        }

        return writers;
    }
}
