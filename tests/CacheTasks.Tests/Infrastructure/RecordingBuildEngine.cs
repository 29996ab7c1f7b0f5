using System.Collections;
using Microsoft.Build.Framework;

namespace CacheTasks.Tests.Infrastructure;

/// <summary>A build engine that keeps every event a task logs, for asserting exact output.</summary>
internal sealed class RecordingBuildEngine(string projectFile) : IBuildEngine
{
    public List<BuildErrorEventArgs> Errors { get; } = [];

    public List<BuildWarningEventArgs> Warnings { get; } = [];

    public List<BuildMessageEventArgs> Messages { get; } = [];

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 0;

    public int ColumnNumberOfTaskNode => 0;

    public string ProjectFileOfTaskNode => projectFile;

    /// <summary>Warnings and errors as MSBuild prints them: <c>file(line,col): warning CODE: message</c>.</summary>
    public IEnumerable<string> Lines =>
        Warnings.Select(w => LogLine.Format(w.File, w.LineNumber, w.ColumnNumber, "warning", w.Code, w.Message))
            .Concat(Errors.Select(e => LogLine.Format(e.File, e.LineNumber, e.ColumnNumber, "error", e.Code, e.Message)));

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => throw new NotSupportedException();

    public void LogCustomEvent(CustomBuildEventArgs e)
    {
    }

    public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);

    public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e);

    public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);
}
