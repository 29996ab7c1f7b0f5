namespace CacheTasks.Platform;

/// <summary>
/// An arch as Spack writes it: <c>platform-os-target</c>, e.g. <c>linux-ubuntu24.04-x86_64_v3</c>.
/// The platform and os never contain '-', so the target is everything after the second '-'.
/// </summary>
public sealed record SpackArch(string Platform, string Os, string Target)
{
    public static bool TryParse(string? text, out SpackArch? arch)
    {
        arch = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text!.Trim().Split(['-'], 3);
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            return false;
        }

        arch = new SpackArch(parts[0], parts[1], parts[2]);
        return true;
    }

    public override string ToString() => $"{Platform}-{Os}-{Target}";
}
