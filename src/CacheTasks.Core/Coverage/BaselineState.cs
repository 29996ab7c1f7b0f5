namespace CacheTasks.Coverage;

/// <summary>
/// How a (requirement, arch) row compares with the same row of an earlier check (the baseline,
/// <c>SpackCoverageBaseline</c>). Written in coverage.json as <see cref="BaselineStateNames"/> gives.
/// </summary>
public enum BaselineState
{
    /// <summary>Missing now, covered in the baseline: this change made coverage worse.</summary>
    NewMissing,

    /// <summary>Missing now and in the baseline: a known gap.</summary>
    StillMissing,

    /// <summary>Covered now, missing in the baseline.</summary>
    Fixed,

    /// <summary>Covered now, not in the baseline (a requirement or arch added since).</summary>
    NewCovered,

    /// <summary>Covered now and in the baseline.</summary>
    UnchangedCovered,

    /// <summary>Missing now, not in the baseline (a requirement or arch added since, with no binary): a new gap too.</summary>
    Added,
}
