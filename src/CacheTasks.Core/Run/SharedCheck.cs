using CacheTasks.Coverage;

namespace CacheTasks.Run;

/// <summary>A check one run computed, for the runs after it with identical inputs, and the project it was computed for (named in their logs).</summary>
public sealed record SharedCheck(CoverageResult Result, string Project);
