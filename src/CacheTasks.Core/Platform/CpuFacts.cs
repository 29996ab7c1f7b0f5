namespace CacheTasks.Platform;

/// <summary>
/// What the machine says about its CPU, read once by <see cref="CpuFactsReader"/> for both the
/// detector and the explainer (archspec's "partial microarchitecture"), so the explanation is
/// always about the facts the detection used.
/// </summary>
/// <param name="Family">The architecture family the facts are read as: the machine's, except that an Apple brand string is <c>aarch64</c> even for a translated x86_64 process.</param>
/// <param name="Known">False when the machine said nothing archspec reads (no cpuinfo, or a family it has no rules for): the target is then the family itself.</param>
/// <param name="Vendor">The vendor as the table names it (<c>GenuineIntel</c>, <c>ARM</c>, <c>IBM</c>, <c>Apple</c>), an unknown ARM implementer's code, or <c>generic</c>.</param>
/// <param name="Features">The CPU's feature words (x86 flags, ARM Features; for Apple silicon the model's features from the table).</param>
/// <param name="Source">Where the facts came from, for the log: <c>/proc/cpuinfo</c>, <c>cpuid</c>, <c>sysctl</c> or the Apple brand string.</param>
/// <param name="CpuPart">aarch64: the <c>CPU part</c> code, which names the core exactly.</param>
/// <param name="Generation">POWER: the generation from the <c>cpu</c> line; null when the line names none (emulated POWER).</param>
/// <param name="Model">Apple silicon: the newest M-series model the table knows up to the brand's (<c>aarch64</c> when the brand names none).</param>
internal sealed record CpuFacts(
    string Family,
    bool Known,
    string Vendor,
    HashSet<string> Features,
    string Source,
    string? CpuPart = null,
    int? Generation = null,
    string? Model = null);
