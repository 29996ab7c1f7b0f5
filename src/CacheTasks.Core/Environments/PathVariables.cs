using System.Text.RegularExpressions;
using CacheTasks.Platform;

namespace CacheTasks.Environments;

/// <summary>
/// The variables Spack substitutes in an include path: <c>$env</c> (the environment's folder),
/// <c>$platform</c>, <c>$os</c>/<c>$operating_system</c>, <c>$target</c>,
/// <c>$arch</c>/<c>$architecture</c> (the host), then environment variables (<c>$VAR</c>,
/// <c>${VAR}</c>). A name it does not know is left as written, so the missing-file message shows it.
/// </summary>
internal sealed class PathVariables(string environmentFolder, SpackArch host, IReadOnlyDictionary<string, string> variables)
{
    private static readonly Regex Variable = new(@"\$(?:\{(?<name>\w+)\}|(?<name>\w+))", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public string Substitute(string path) => Variable.Replace(path, match =>
    {
        var name = match.Groups["name"].Value;
        return name switch
        {
            "env" => environmentFolder,
            "platform" => host.Platform,
            "os" or "operating_system" => host.Os,
            "target" => host.Target,
            "arch" or "architecture" => host.ToString(),
            _ => variables.TryGetValue(name, out var value) ? value : match.Value,
        };
    });
}
