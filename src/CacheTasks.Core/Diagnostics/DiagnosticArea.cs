namespace CacheTasks.Diagnostics;

/// <summary>What a code is about; its number's first digit says the same (CT1xxx, CT2xxx, CT3xxx, CT9xxx).</summary>
public enum DiagnosticArea
{
    /// <summary>CT1xxx: what the catalog covers.</summary>
    Coverage,

    /// <summary>CT2xxx: the catalog, its sources and the reports.</summary>
    Catalog,

    /// <summary>CT3xxx: what the user gave (requirements, environments, properties, a baseline).</summary>
    Input,

    /// <summary>CT9xxx: CacheTasks itself failed.</summary>
    Internal,
}
