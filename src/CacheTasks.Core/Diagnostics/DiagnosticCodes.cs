namespace CacheTasks.Diagnostics;

/// <summary>
/// Every CacheTasks diagnostic code. Codes are stable: a code is never reused for another
/// situation. CT1xxx are coverage findings, CT2xxx catalog problems, CT3xxx bad input,
/// CT9xxx faults in CacheTasks itself. Each code has a page in docs/diagnostics and a row in
/// <see cref="All"/>, the table every sink reads.
/// </summary>
public static class DiagnosticCodes
{
    /// <summary>A required spec has no binary for one of the arches.</summary>
    public const string MissingForArch = "CT1001";

    /// <summary>The required package is not in the catalog at all.</summary>
    public const string PackageNotInCatalog = "CT1002";

    /// <summary>Nothing was checked: no requirement, or a catalog with no binaries; the 100 % (or 0 %) means nothing.</summary>
    public const string NothingChecked = "CT1003";

    /// <summary>Coverage is below <c>SpackCoverageThreshold</c>.</summary>
    public const string BelowThreshold = "CT1100";

    /// <summary>A catalog page or index cannot be read or parsed; it is skipped.</summary>
    public const string UnreadableCatalogFile = "CT2001";

    /// <summary>A catalog source does not exist or holds no pages.</summary>
    public const string EmptyCatalogSource = "CT2002";

    /// <summary>A mirror could not be refreshed; the cached copy is used.</summary>
    public const string MirrorNotRefreshed = "CT2003";

    /// <summary>A report could not be written; the previous one is left whole.</summary>
    public const string ReportNotWritten = "CT2004";

    /// <summary>A mirror refused the credentials sent (or asked for some and none were configured): HTTP 401 or 403.</summary>
    public const string MirrorAccessDenied = "CT2005";

    /// <summary>A mirror index changed while a check was reading it (its installs are read again where a package is looked up).</summary>
    public const string CatalogChanged = "CT2006";

    /// <summary>A requirement cannot be parsed.</summary>
    public const string InvalidRequirement = "CT3001";

    /// <summary>An unknown platform, os or target name.</summary>
    public const string UnknownArch = "CT3002";

    /// <summary>A spack.yaml cannot be read or parsed.</summary>
    public const string InvalidEnvironment = "CT3003";

    /// <summary>A CacheTasks property has an invalid value.</summary>
    public const string InvalidProperty = "CT3004";

    /// <summary>
    /// A requirement constrains what the catalog cannot verify (dependency clauses of page binaries,
    /// a compiler node's arch or variants); the rest is checked.
    /// </summary>
    public const string DependenciesNotChecked = "CT3005";

    /// <summary>
    /// Variants or arch follow <c>%compiler</c>: Spack ≥ 1.0 gives them to the compiler, older Spack
    /// to the package; the rewrite is shown.
    /// </summary>
    public const string ConstraintsAfterCompiler = "CT3006";

    /// <summary>The coverage baseline cannot be read; the check runs as without one.</summary>
    public const string BaselineUnreadable = "CT3007";

    /// <summary>The coverage baseline was written for other arches or another catalog.</summary>
    public const string BaselineDoesNotFit = "CT3008";

    /// <summary>CacheTasks itself failed; the message asks the user to report it.</summary>
    public const string InternalError = "CT9001";

    /// <summary>
    /// Every code, in order, with what does not change between occurrences. Adding a code is a
    /// constant above, a row here, its title and message in Messages.resx and its page in
    /// docs/diagnostics (DiagnosticDescriptorTests checks the pages and the docs index against this table).
    /// </summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
    [
        new(MissingForArch, "MissingForArch", DiagnosticArea.Coverage, DiagnosticSeverity.Warning, ExitClass.Gate, () => Messages.TitleMissingForArch),
        new(PackageNotInCatalog, "PackageNotInCatalog", DiagnosticArea.Coverage, DiagnosticSeverity.Warning, ExitClass.Gate, () => Messages.TitlePackageNotInCatalog),
        new(NothingChecked, "NothingChecked", DiagnosticArea.Coverage, DiagnosticSeverity.Warning, ExitClass.Gate, () => Messages.TitleNothingChecked),
        new(BelowThreshold, "BelowThreshold", DiagnosticArea.Coverage, DiagnosticSeverity.Error, ExitClass.Gate, () => Messages.TitleBelowThreshold),
        new(UnreadableCatalogFile, "UnreadableCatalogFile", DiagnosticArea.Catalog, DiagnosticSeverity.Warning, ExitClass.Setup, () => Messages.TitleUnreadableCatalogFile),
        new(EmptyCatalogSource, "EmptyCatalogSource", DiagnosticArea.Catalog, DiagnosticSeverity.Error, ExitClass.Setup, () => Messages.TitleEmptyCatalogSource),
        new(MirrorNotRefreshed, "MirrorNotRefreshed", DiagnosticArea.Catalog, DiagnosticSeverity.Warning, ExitClass.Setup, () => Messages.TitleMirrorNotRefreshed),
        // A report that could not be written says nothing about the cache: as an error (WarningsAsErrors)
        // it is the step's own setup (an unwritable folder) that failed.
        new(ReportNotWritten, "ReportNotWritten", DiagnosticArea.Catalog, DiagnosticSeverity.Warning, ExitClass.Setup, () => Messages.TitleReportNotWritten),
        new(MirrorAccessDenied, "MirrorAccessDenied", DiagnosticArea.Catalog, DiagnosticSeverity.Error, ExitClass.Setup, () => Messages.TitleMirrorAccessDenied),
        new(CatalogChanged, "CatalogChanged", DiagnosticArea.Catalog, DiagnosticSeverity.Error, ExitClass.Setup, () => Messages.TitleCatalogChanged),
        new(InvalidRequirement, "InvalidRequirement", DiagnosticArea.Input, DiagnosticSeverity.Error, ExitClass.Setup, () => Messages.TitleInvalidRequirement),
        new(UnknownArch, "UnknownArch", DiagnosticArea.Input, DiagnosticSeverity.Error, ExitClass.Setup, () => Messages.TitleUnknownArch),
        new(InvalidEnvironment, "InvalidEnvironment", DiagnosticArea.Input, DiagnosticSeverity.Error, ExitClass.Setup, () => Messages.TitleInvalidEnvironment),
        new(InvalidProperty, "InvalidProperty", DiagnosticArea.Input, DiagnosticSeverity.Error, ExitClass.Setup, () => Messages.TitleInvalidProperty),
        new(DependenciesNotChecked, "DependenciesNotChecked", DiagnosticArea.Input, DiagnosticSeverity.Message, ExitClass.Setup, () => Messages.TitleDependenciesNotChecked),
        new(ConstraintsAfterCompiler, "ConstraintsAfterCompiler", DiagnosticArea.Input, DiagnosticSeverity.Warning, ExitClass.Setup, () => Messages.TitleConstraintsAfterCompiler),
        new(BaselineUnreadable, "BaselineUnreadable", DiagnosticArea.Input, DiagnosticSeverity.Warning, ExitClass.Setup, () => Messages.TitleBaselineUnreadable),
        new(BaselineDoesNotFit, "BaselineDoesNotFit", DiagnosticArea.Input, DiagnosticSeverity.Warning, ExitClass.Setup, () => Messages.TitleBaselineDoesNotFit),
        new(InternalError, "InternalError", DiagnosticArea.Internal, DiagnosticSeverity.Error, ExitClass.Setup, () => Messages.TitleInternalError),
    ];

    /// <summary>The descriptor of <paramref name="code"/>; null for a code CacheTasks does not have.</summary>
    public static DiagnosticDescriptor? Find(string code) => All.FirstOrDefault(d => string.Equals(d.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>Where the documentation pages live; one page per code.</summary>
    public const string HelpLinkBase = "https://github.com/cachetasks/cachetasks/blob/main/docs/diagnostics/";

    public static string HelpLink(string code) => HelpLinkBase + code + ".md";
}
