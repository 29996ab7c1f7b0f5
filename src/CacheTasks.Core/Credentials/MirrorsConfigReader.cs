using CacheTasks.Diagnostics;
using CacheTasks.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CacheTasks.Credentials;

/// <summary>
/// Reads the <c>mirrors:</c> section of a Spack <c>mirrors.yaml</c> (top level) or <c>spack.yaml</c>
/// (under <c>spack:</c>), as Spack's <c>spack.mirrors.mirror.Mirror</c> reads it for fetching: a mirror
/// is a URL, or a mapping whose <c>fetch:</c> (a URL, or a mapping) overrides its top-level <c>url</c>,
/// <c>access_pair</c> (<c>id</c> or <c>id_variable</c>, and <c>secret_variable</c>),
/// <c>access_token_variable</c>, <c>profile</c> and <c>endpoint_url</c>; <c>push:</c> is for uploads and
/// is not read. Where Spack would also take a secret written in the file (<c>access_token</c>, an
/// <c>access_pair</c> list, <c>secret</c>), CacheTasks refuses it with CT3003 at its line: credentials
/// never come from files that may be committed.
/// </summary>
public static class MirrorsConfigReader
{
    private static readonly string[] SecretKeys = ["access_token", "secret"];

    /// <summary>
    /// The mirrors the file names (empty when it has no <c>mirrors:</c>); problems go to
    /// <paramref name="diagnostics"/> as CT3003. With <paramref name="reportUnreadable"/> false, a file
    /// that cannot be read or is not YAML gives nothing and no finding (a spack.yaml's own reader reports it).
    /// </summary>
    public static IReadOnlyList<MirrorConfigEntry> Read(string path, ICollection<Diagnostic> diagnostics, bool reportUnreadable = true)
    {
        var fileProblems = reportUnreadable ? diagnostics : new List<Diagnostic>();
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            fileProblems.Add(Problem(new SourceLocation(path), File.Exists(path) ? string.Format(Messages.EnvironmentErrorUnreadable, e.Message) : Messages.EnvironmentErrorMissing));
            return [];
        }

        YamlNode? root;
        try
        {
            var stream = BoundedYaml.Load(text);
            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            fileProblems.Add(Problem(new SourceLocation(path, (int)e.Start.Line, (int)e.Start.Column), string.Format(Messages.EnvironmentErrorYaml, e.Message)));
            return [];
        }

        // mirrors.yaml has mirrors: at the top; spack.yaml under spack:.
        var section = Child(root, "mirrors") ?? Child(Child(root, "spack"), "mirrors");
        if (section is not YamlMappingNode mirrors)
        {
            return [];
        }

        var entries = new List<MirrorConfigEntry>();
        foreach (var pair in mirrors.Children)
        {
            if (pair.Key is not YamlScalarNode { Value: { } name })
            {
                continue;
            }

            var entry = Entry(path, name, pair.Value, diagnostics);
            if (entry is not null)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private static MirrorConfigEntry? Entry(string path, string name, YamlNode node, ICollection<Diagnostic> diagnostics)
    {
        var location = At(path, node);
        if (node is YamlScalarNode { Value: { Length: > 0 } url })
        {
            return new MirrorConfigEntry(name, url, location);
        }

        if (node is not YamlMappingNode data)
        {
            diagnostics.Add(Problem(location, string.Format(Messages.MirrorsConfigNotMirror, name)));
            return null;
        }

        var fetch = Child(data, "fetch");
        var fetchUrl = fetch switch
        {
            YamlScalarNode { Value: { Length: > 0 } direct } => direct,
            YamlMappingNode fetchData => Scalar(Child(fetchData, "url")),
            _ => null,
        } ?? Scalar(Child(data, "url"));
        if (fetchUrl is null)
        {
            diagnostics.Add(Problem(location, string.Format(Messages.MirrorsConfigNoUrl, name)));
            return null;
        }

        // Spack's _get_value: the fetch: mapping's own value when it has the key, else the top level's.
        YamlNode? Value(string key) => fetch is YamlMappingNode f && Child(f, key) is { } specific ? specific : Child(data, key);

        foreach (var scope in new[] { data, fetch as YamlMappingNode })
        {
            foreach (var key in SecretKeys)
            {
                if (scope is not null && Key(scope, key) is { } secret)
                {
                    diagnostics.Add(Problem(At(path, secret), string.Format(Messages.MirrorsConfigSecretInFile, name, key)));
                }
            }
        }

        var entry = new MirrorConfigEntry(name, fetchUrl, location)
        {
            AccessTokenVariable = Scalar(Value("access_token_variable")),
            Profile = Scalar(Value("profile")),
            EndpointUrl = Scalar(Value("endpoint_url")),
        };
        switch (Value("access_pair"))
        {
            case YamlMappingNode pair:
                if (Key(pair, "secret") is { } secret)
                {
                    diagnostics.Add(Problem(At(path, secret), string.Format(Messages.MirrorsConfigSecretInFile, name, "access_pair: secret")));
                }

                entry = entry with { Id = Scalar(Child(pair, "id")), IdVariable = Scalar(Child(pair, "id_variable")), SecretVariable = Scalar(Child(pair, "secret_variable")) };
                break;
            case YamlSequenceNode list:
                // Spack's old [id, secret] form holds the secret itself.
                diagnostics.Add(Problem(At(path, list), string.Format(Messages.MirrorsConfigSecretInFile, name, "access_pair: [id, secret]")));
                break;
        }

        return entry;
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static YamlNode? Key(YamlMappingNode mapping, string key) =>
        mapping.Children.Keys.FirstOrDefault(k => k is YamlScalarNode s && s.Value == key);

    private static string? Scalar(YamlNode? node) => node is YamlScalarNode { Value: { Length: > 0 } value } ? value.Trim() : null;

    private static SourceLocation At(string file, YamlNode node) => new(file, (int)node.Start.Line, (int)node.Start.Column);

    private static Diagnostic Problem(SourceLocation location, string reason) =>
        new(DiagnosticCodes.InvalidEnvironment, DiagnosticSeverity.Error, string.Format(Messages.MirrorsConfigProblem, location.File, reason), location);
}
