namespace CacheTasks.Platform;

/// <summary>
/// One candidate target and why it is not the host's: <see cref="Details"/> are the missing
/// features for <see cref="RuledOutReason.MissingFeatures"/>, the target's vendor for
/// <see cref="RuledOutReason.OtherVendor"/>, its generation for <see cref="RuledOutReason.NewerGeneration"/>,
/// its CPU part for <see cref="RuledOutReason.OtherCpuPart"/>, the host's model for <see cref="RuledOutReason.OtherModel"/>, the generic level for <see cref="RuledOutReason.NotBelowBestGeneric"/>.
/// </summary>
public sealed record RuledOutTarget(string Name, RuledOutReason Reason, IReadOnlyList<string> Details);
