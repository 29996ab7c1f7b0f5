namespace CacheTasks.Platform;

/// <summary>
/// One CPU microarchitecture: its vendor (<c>generic</c> for the portable levels such as
/// <c>x86_64_v3</c>), the targets it directly descends from, and the CPU features it needs.
/// </summary>
public sealed record Microarchitecture(
    string Name,
    string Vendor,
    IReadOnlyList<string> Parents,
    IReadOnlyCollection<string> Features,
    string? CpuPart = null,
    int Generation = 0)
{
    public const string GenericVendor = "generic";
}
