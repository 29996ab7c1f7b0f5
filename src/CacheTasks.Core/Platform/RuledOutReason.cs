namespace CacheTasks.Platform;

/// <summary>Why a microarchitecture of the host's family is not the detected target.</summary>
public enum RuledOutReason
{
    /// <summary>The detected target descends from it: it runs on the host, but the detected one is more specific.</summary>
    LessSpecific,

    /// <summary>It is another vendor's CPU.</summary>
    OtherVendor,

    /// <summary>It needs CPU features the host does not report.</summary>
    MissingFeatures,

    /// <summary>It is a newer POWER generation than the host's.</summary>
    NewerGeneration,

    /// <summary>The host has what it needs, but detection chose another target.</summary>
    NotChosen,
}
