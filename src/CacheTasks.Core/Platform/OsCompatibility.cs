namespace CacheTasks.Platform;

/// <summary>How a binary's os must relate to the arch's os (<c>SpackOsCompatibility</c>).</summary>
public enum OsCompatibility
{
    /// <summary>The binary was built on the very os of the arch.</summary>
    Exact,

    /// <summary>On Linux, also a binary built on an os whose glibc is not newer than the arch's.</summary>
    Libc,
}
