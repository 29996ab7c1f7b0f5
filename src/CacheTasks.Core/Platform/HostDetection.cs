namespace CacheTasks.Platform;

/// <summary>The arch detected for a machine and, in words, how it was decided.</summary>
public sealed record HostDetection(SpackArch Arch, string Explanation);
