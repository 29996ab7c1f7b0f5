namespace CacheTasks.Baselines;

/// <summary>A baseline that cannot be read (missing, not JSON, not a coverage.json); the message is the cause CT3007 names, and the check runs as without one.</summary>
#pragma warning disable CA1032 // Only the baseline reader raises it, always with a message.
public sealed class BaselineException(string reason, Exception? inner = null) : Exception(reason, inner);
#pragma warning restore CA1032
