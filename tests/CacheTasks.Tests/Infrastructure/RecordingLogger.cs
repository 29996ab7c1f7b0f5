using Microsoft.Build.Framework;

namespace CacheTasks.Tests.Infrastructure;

/// <summary>An MSBuild logger that keeps warnings, errors and messages of an in-process build.</summary>
internal sealed class RecordingLogger : ILogger
{
    public List<BuildErrorEventArgs> Errors { get; } = [];

    public List<BuildWarningEventArgs> Warnings { get; } = [];

    public List<BuildMessageEventArgs> Messages { get; } = [];

    public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Diagnostic;

    public string? Parameters { get; set; }

    public void Initialize(IEventSource eventSource)
    {
        eventSource.ErrorRaised += (_, e) => Errors.Add(e);
        eventSource.WarningRaised += (_, e) => Warnings.Add(e);
        eventSource.MessageRaised += (_, e) => Messages.Add(e);
    }

    public void Shutdown()
    {
    }
}
