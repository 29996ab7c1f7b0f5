namespace CacheTasks.Reports;

/// <summary>One report format. Writers only turn a report into bytes; <see cref="ReportPublisher"/> owns the files.</summary>
public interface IReportWriter
{
    /// <summary>The name users give in <c>SpackCoverageReportFormats</c>, e.g. <c>json</c>.</summary>
    string Format { get; }

    /// <summary>The report's file name, e.g. <c>coverage.json</c>.</summary>
    string FileName { get; }

    void Write(CoverageReport report, Stream output);
}
