namespace CacheTasks.Coverage;

/// <summary>Row counts; <see cref="Percent"/> is 100 when there are no rows.</summary>
public sealed record CoverageSummary(int Total, int Covered)
{
    public int Missing => Total - Covered;

    public double Percent => Total == 0 ? 100.0 : Covered * 100.0 / Total;

    public static CoverageSummary Of(IReadOnlyList<CoverageRow> rows) =>
        new(rows.Count, rows.Count(r => r.Status == CoverageStatus.Covered));
}
