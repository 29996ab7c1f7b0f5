namespace CacheTasks.Baselines;

/// <summary>One (requirement, arch) row of a baseline: whether it was missing, its hint, and the code it was reported with.</summary>
public sealed record BaselineRow(string Requirement, string Arch, bool Missing, string? Hint, string? Code);
