namespace CacheTasks.Coverage;

public enum CoverageStatus
{
    Covered,
    Missing,
}
