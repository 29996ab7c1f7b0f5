using CacheTasks.Diagnostics;
using CacheTasks.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CacheTasks.Environments;

/// <summary>Reading environment YAML files and pointing at their nodes.</summary>
internal static class EnvironmentYaml
{
    /// <summary>The file's root node (null for an empty file); a missing, unreadable or invalid file is an <see cref="EnvironmentException"/>.</summary>
    public static YamlNode? Load(string path, SourceLocation? referencedAt)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new EnvironmentException(path, Messages.EnvironmentErrorMissing, referencedAt ?? new SourceLocation(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new EnvironmentException(path, string.Format(Messages.EnvironmentErrorUnreadable, e.Message), referencedAt ?? new SourceLocation(path));
        }

        try
        {
            var stream = BoundedYaml.Load(text);
            return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            throw new EnvironmentException(path, string.Format(Messages.EnvironmentErrorYaml, e.Message), new SourceLocation(path, (int)e.Start.Line, (int)e.Start.Column));
        }
    }

    public static SourceLocation At(string file, YamlNode node) => new(file, (int)node.Start.Line, (int)node.Start.Column);

    /// <summary>Where a scalar's text starts: after the quote of a quoted scalar.</summary>
    public static SourceLocation TextAt(string file, YamlScalarNode node)
    {
        var quoted = node.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;
        return new SourceLocation(file, (int)node.Start.Line, (int)node.Start.Column + (quoted ? 1 : 0));
    }

    public static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>The key node of <paramref name="key"/>, to point at "specs:" itself.</summary>
    public static YamlNode? Key(YamlMappingNode mapping, string key) =>
        mapping.Children.Keys.FirstOrDefault(k => k is YamlScalarNode s && s.Value == key);

    public static bool IsNull(YamlNode? node) => node is null || (node is YamlScalarNode { Value: null or "" or "~" or "null" } scalar && scalar.Style == ScalarStyle.Plain);
}
