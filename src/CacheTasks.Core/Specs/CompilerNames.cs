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

    // Names a "%name" can use for a compiler: Spack's compiler packages and their old names.
    // Spack ≥ 1.0 tells compilers apart by the languages a package provides; without package
    // recipes this list does it, and any other "%name" is a plain direct dependency.
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "gcc", "llvm", "clang", "apple-clang", "aocc", "acfl", "arm", "cce", "cray", "fj", "nag",
        "nvhpc", "pgi", "xl", "xl_r", "msvc", "dpcpp", "intel", "oneapi", "intel-oneapi-compilers",
        "intel-oneapi-compilers-classic", "intel-oneapi-compiler-classic", "rocmcc", "llvm-amdgpu",
        "apple-gcc",
    };

    /// <summary>Languages whose provider is the compiler (<c>%c=gcc</c>, <c>%[virtuals=fortran] nag</c>).</summary>
    public static bool IsLanguage(string virtualName) => virtualName is "c" or "cxx" or "fortran";

    /// <summary>Whether <c>%name</c> names a compiler rather than another direct dependency.</summary>
    public static bool IsCompiler(string name) => Known.Contains(name);

    /// <summary>The one name used for comparing: the package name of the compiler.</summary>
    public static string Normalize(string name) =>
        Canonical.TryGetValue(name, out var canonical) ? canonical : name;

    public static bool AreSame(string a, string b) =>
        string.Equals(Normalize(a), Normalize(b), StringComparison.Ordinal);
}
