namespace CacheTasks.Run;

/// <summary>
/// Checks computed earlier by the same host, for a run whose check inputs are identical to use
/// instead of checking again. The MSBuild task keeps them for the length of one build (the
/// projects of a solution whose requirements come from one Directory.Build.props ask the same
/// question of the same catalog); the command line and tests give none and check every time.
/// </summary>
/// <remarks>
/// Keys come from <see cref="CheckStep"/> and name everything the check reads. A kept check is the
/// checker's own answer, before anything of one project is applied: each run still applies its
/// project's warning policy and threshold, logs at its project, and writes its own reports and
/// saved results.
/// </remarks>
public interface ICheckResultCache
{
    /// <summary>The check kept under <paramref name="key"/>, or null.</summary>
    SharedCheck? Find(string key);

    /// <summary>Keeps a check for later runs; the first one kept under a key is the one they get.</summary>
    void Keep(string key, SharedCheck check);
}
