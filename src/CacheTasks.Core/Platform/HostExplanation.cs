namespace CacheTasks.Platform;

/// <summary>
/// How a machine's arch was found, in parts a person or a script can read, as <c>spack arch</c>
/// and <c>archspec cpu</c> explain it: where the os came from, the CPU's vendor, features, part,
/// generation and (Apple) model as read, what decided the target, and each other target of the
/// family with the reason it was not chosen.
/// </summary>
public sealed record HostExplanation(
    HostDetection Detection,
    string Platform,
    string OsSource,
    string Family,
    string Vendor,
    string? CpuPart,
    int? Generation,
    string? Model,
    IReadOnlyList<string> Features,
    IReadOnlyList<string> DecidingFeatures,
    IReadOnlyList<string> Ancestors,
    IReadOnlyList<RuledOutTarget> RuledOut)
{
    public SpackArch Arch => Detection.Arch;

    public string Target => Detection.Arch.Target;
}
