namespace CacheTasks.Specs;

/// <summary>
/// A variant a spec asks for: <c>+v</c> and <c>~v</c> (values "true"/"false"), <c>k=a,b</c>
/// (at least these values) or <c>k:=a,b</c> (exactly these values).
/// </summary>
public sealed record VariantRequest(string Name, IReadOnlyList<string> Values, bool Exact, string Text)
{
    public const string True = "true";
    public const string False = "false";

    public static VariantRequest Enabled(string name, string text) => new(name, [True], Exact: false, text);

    public static VariantRequest Disabled(string name, string text) => new(name, [False], Exact: false, text);

    /// <summary>Builds a key=value request; <c>k=true</c> and <c>k=false</c> mean <c>+k</c> and <c>~k</c>.</summary>
    public static VariantRequest WithValues(string name, string values, bool exact, string text)
    {
        var list = values.Split(',').Where(v => v.Length > 0).Select(NormalizeValue).Distinct(StringComparer.Ordinal).ToArray();
        return new VariantRequest(name, list, exact, text);
    }

    internal static string NormalizeValue(string value) =>
        value.Equals(True, StringComparison.OrdinalIgnoreCase) ? True
        : value.Equals(False, StringComparison.OrdinalIgnoreCase) ? False
        : value;

    public override string ToString() => Text;
}
