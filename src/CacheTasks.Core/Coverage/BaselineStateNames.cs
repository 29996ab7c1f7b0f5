namespace CacheTasks.Coverage;

/// <summary>The words a <see cref="BaselineState"/> is written with (coverage.json's <c>baseline</c>, the HTML data).</summary>
public static class BaselineStateNames
{
    public static IReadOnlyList<BaselineState> All { get; } =
        [BaselineState.NewMissing, BaselineState.StillMissing, BaselineState.Fixed, BaselineState.NewCovered, BaselineState.UnchangedCovered, BaselineState.Added];

    public static string Of(BaselineState state) => state switch
    {
        BaselineState.NewMissing => "new-missing",
        BaselineState.StillMissing => "still-missing",
        BaselineState.Fixed => "fixed",
        BaselineState.NewCovered => "new-covered",
        BaselineState.UnchangedCovered => "unchanged-covered",
        _ => "added",
    };

    /// <summary>True for a row that is missing now and was not missing in the baseline: what <c>SpackFailOn=new</c> fails on.</summary>
    public static bool IsNewGap(BaselineState? state) => state is BaselineState.NewMissing or BaselineState.Added;
}
