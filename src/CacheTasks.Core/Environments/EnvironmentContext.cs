using System.Runtime.InteropServices;
using CacheTasks.Platform;

namespace CacheTasks.Environments;

/// <summary>
/// What reading an environment depends on besides its files: the host arch and the environment
/// variables that <c>when:</c> conditions see (Spack evaluates them on the machine it runs on),
/// and whether <c>spack.lock</c> roots replace the abstract specs. <see cref="Microarchitectures"/>
/// (null: the embedded table) answers <c>arch.satisfies('target=x86_64:')</c>.
/// </summary>
public sealed record EnvironmentContext(SpackArch Host, IReadOnlyDictionary<string, string> Variables, bool UseLockFile = false, MicroarchitectureTable? Microarchitectures = null)
{
    /// <summary>What <c>hostname</c> is in a <c>when:</c> condition; null: this machine's host name, read only if a condition asks.</summary>
    public string? HostName { get; init; }

    /// <summary>This process's environment variables, compared as the OS compares their names.</summary>
    public static IReadOnlyDictionary<string, string> ProcessVariables()
    {
        var variables = new Dictionary<string, string>(RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string ?? string.Empty;
        }

        return variables;
    }
}
