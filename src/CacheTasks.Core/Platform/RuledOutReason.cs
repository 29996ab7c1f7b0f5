namespace CacheTasks.Platform;

/// <summary>Why a microarchitecture of the host's family is not the detected target.</summary>
public enum RuledOutReason
{
    /// <summary>The detected target descends from it: it runs on the host, but the detected one is more specific.</summary>
    LessSpecific,

    /// <summary>It is another vendor's CPU.</summary>
    OtherVendor,

    /// <summary>Apple silicon: it is another model than the one the brand string names.</summary>
    OtherModel,

    /// <summary>It needs CPU features the host does not report.</summary>
    MissingFeatures,

    /// <summary>It is a newer POWER generation than the host's.</summary>
    NewerGeneration,

    /// <summary>aarch64: it is another core than the one the CPU part names.</summary>
    OtherCpuPart,

    /// <summary>It does not descend from the most specific generic level the CPU runs (archspec's rule).</summary>
    NotBelowBestGeneric,

    /// <summary>The host has what it needs, but detection chose another target.</summary>
    NotChosen,
}
