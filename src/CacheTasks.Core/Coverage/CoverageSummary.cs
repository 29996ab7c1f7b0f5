namespace CacheTasks.Coverage;

/// <summary>Row counts; <see cref="Percent"/> is 100 when there are no rows.</summary>
public sealed record CoverageSummary(int Total, int Covered)
{
    public int Missing => Total - Covered;

    public double Percent => Total == 0 ? 100.0 : Covered * 100.0 / Total;

    /// <summary>
    /// A percentage cut, never rounded, to <paramref name="decimals"/> places: 1999 of 2000 rows is
    /// 99.9%, not 100%. The tiny epsilon keeps 57.3 from reading as 57.2 through binary rounding.
    /// </summary>
    public static double Truncate(double percent, int decimals)
    {
        var scale = Math.Pow(10, decimals);
        return Math.Floor((percent * scale) + 1e-9) / scale;
    }

    public static CoverageSummary Of(IReadOnlyList<CoverageRow> rows) =>
        new(rows.Count, rows.Count(r => r.Status == CoverageStatus.Covered));
}
