using CacheTasks.Diagnostics;
using CacheTasks.IO;

namespace CacheTasks.Reports;

/// <summary>
/// Writes reports whole or not at all: each goes to a temporary file in the report folder and is
/// then renamed over the old one, so a reader never sees half a report and a failed write leaves
/// the previous report as it was (CT2004).
/// </summary>
public static class ReportPublisher
{
    public static IReadOnlyList<string> Publish(CoverageReport report, string directory, IEnumerable<IReportWriter> writers, ICollection<Diagnostic> diagnostics)
    {
        var written = new List<string>();
        foreach (var writer in writers)
        {
            var path = Path.Combine(directory, writer.FileName);
            try
            {
                // A build output, written again by every build of every project: renamed whole, not flushed (see AtomicFile).
                AtomicFile.Write(path, stream => writer.Write(report, stream), durable: false);
                written.Add(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException or ArgumentException)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.ReportNotWritten, DiagnosticSeverity.Warning, string.Format(Messages.ReportNotWritten, path, e.Message), new SourceLocation(path)));
            }
        }

        return written;
    }
}
