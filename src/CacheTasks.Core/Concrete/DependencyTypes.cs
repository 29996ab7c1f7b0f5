namespace CacheTasks.Concrete;

/// <summary>The <c>deptypes</c> of a dependency edge in a Spack index (Spack's <c>dt.BUILD</c>, <c>LINK</c>, <c>RUN</c>, <c>TEST</c>).</summary>
[Flags]
public enum DependencyTypes : byte
{
    None = 0,
    Build = 1,
    Link = 2,
    Run = 4,
    Test = 8,
}
