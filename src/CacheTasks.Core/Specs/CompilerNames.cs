namespace CacheTasks.Specs;

/// <summary>
/// Compilers that Spack renamed: old and new names are the same compiler
/// (Spack 1.0 turned compilers into packages and took the package names).
/// </summary>
public static class CompilerNames
{
    private static readonly Dictionary<string, string> Canonical = new(StringComparer.Ordinal)
    {
        ["clang"] = "llvm",
        ["oneapi"] = "intel-oneapi-compilers",
        ["intel"] = "intel-oneapi-compiler-classic",
        ["arm"] = "acfl",
        ["rocmcc"] = "llvm-amdgpu",
    };

    /// <summary>The one name used for comparing: the package name of the compiler.</summary>
    public static string Normalize(string name) =>
        Canonical.TryGetValue(name, out var canonical) ? canonical : name;

    public static bool AreSame(string a, string b) =>
        string.Equals(Normalize(a), Normalize(b), StringComparison.Ordinal);
}
