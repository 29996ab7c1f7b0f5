namespace CacheTasks.Diagnostics;

/// <summary>
/// What a code says about a CI step when it is an error, so the command line's exit code can tell
/// "the cache lacks binaries" (<see cref="Gate"/>) from "the step itself is wrong" (<see cref="Setup"/>).
/// </summary>
public enum ExitClass
{
    /// <summary>The coverage gate failed: missing binaries, coverage below the threshold, nothing checked.</summary>
    Gate,

    /// <summary>The step cannot be trusted: bad input, a catalog or report the step cannot read or write, a fault.</summary>
    Setup,
}
