namespace CacheTasks.Run;

/// <summary>
/// The value each property has when the user sets none, as the user would write it. The engine
/// uses these (the command line and the API set nothing); build/CacheTasks.props sets the same
/// values for MSBuild, where other targets can read them, and a test holds the two equal.
/// </summary>
public static class RunDefaults
{
    public const string SpackArch = "host";

    public const string SpackMissingSeverity = "warning";

    public const string SpackCoverageReportFormats = "json;md;html";

    public const string SpackUseLockFile = "false";

    public const string SpackOsCompatibility = "exact";

    public const string SpackCoverageCheck = "true";

    public const string SpackFailOn = "any";
}
