using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Build.Framework;

namespace CacheTasks.FrameworkHost;

/// <summary>
/// The build engine of one build, with what MSBuild gives a task through IBuildEngine4 (the
/// build-wide task objects CacheTasks shares a loaded catalog through). It records the warnings,
/// errors and high-importance messages as lines; lower messages carry timings and are left out.
/// </summary>
public sealed class HostBuildEngine(string projectFile) : IBuildEngine4
{
    private readonly Dictionary<object, object> _taskObjects = [];

    public List<string> Records { get; } = [];

    /// <summary>The task whose events are being recorded.</summary>
    public string CurrentTask { get; set; } = string.Empty;

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 0;

    public int ColumnNumberOfTaskNode => 0;

    public string ProjectFileOfTaskNode => projectFile;

    public bool IsRunningMultipleNodes => false;

    public void LogErrorEvent(BuildErrorEventArgs e) => Record("error", e.Code, e.File, e.LineNumber, e.ColumnNumber, e.Message);

    public void LogWarningEvent(BuildWarningEventArgs e) => Record("warning", e.Code, e.File, e.LineNumber, e.ColumnNumber, e.Message);

    public void LogMessageEvent(BuildMessageEventArgs e)
    {
        if (e.Importance == MessageImportance.High)
        {
            Records.Add(RecordText.Join([CurrentTask, "message", e.Message]));
        }
    }

    public void LogCustomEvent(CustomBuildEventArgs e)
    {
    }

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => throw new NotSupportedException();

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs, string toolsVersion) => throw new NotSupportedException();

    public bool BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IDictionary[] targetOutputsPerProject, string[] toolsVersion, bool useResultsCache, bool unloadProjectsOnCompletion) => throw new NotSupportedException();

    public BuildEngineResult BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IList<string>[] removeGlobalProperties, string[] toolsVersion, bool returnTargetOutputs) => throw new NotSupportedException();

    public void Yield()
    {
    }

    public void Reacquire()
    {
    }

    public void RegisterTaskObject(object key, object obj, RegisteredTaskObjectLifetime lifetime, bool allowEarlyCollection) => _taskObjects[key] = obj;

    public object? GetRegisteredTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => _taskObjects.TryGetValue(key, out var value) ? value : null;

    public object? UnregisterTaskObject(object key, RegisteredTaskObjectLifetime lifetime)
    {
        _taskObjects.TryGetValue(key, out var value);
        _taskObjects.Remove(key);
        return value;
    }

    private void Record(string kind, string? code, string? file, int line, int column, string? message) =>
        Records.Add(RecordText.Join([CurrentTask, kind, code, file, line.ToString(CultureInfo.InvariantCulture), column.ToString(CultureInfo.InvariantCulture), message]));
}
