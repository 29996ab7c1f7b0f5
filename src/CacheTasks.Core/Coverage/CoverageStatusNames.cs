namespace CacheTasks.Coverage;

/// <summary>The words a row's status is written with everywhere users read it: coverage.json, the HTML data, the <c>Status</c> metadata.</summary>
public static class CoverageStatusNames
{
    public const string Covered = "covered";

    public const string Missing = "missing";

    public static string Of(CoverageStatus status) => status == CoverageStatus.Covered ? Covered : Missing;
}
