using CacheTasks.Concrete;
using CacheTasks.Diagnostics;
using CacheTasks.IO;
using CacheTasks.Specs;
using CacheTasks.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CacheTasks.Catalog;

/// <summary>
/// Reads one binary-cache page (<c>&lt;tag&gt;/&lt;package&gt;/specs.md</c>): YAML front matter with
/// <c>title</c>, <c>categories</c>, <c>meta</c> and <c>spec_details</c>, or on legacy pages
/// <c>spec_names</c> (full spec strings). See ../shared/catalog/SOURCE.md for the layouts.
/// </summary>
public static class CatalogPageReader
{
    private const string Fence = "---";

    /// <summary>
    /// The specs a page lists, or null when the file is not a cache page at all (no front
    /// matter, or front matter without specs), which a catalog folder may well hold.
    /// </summary>
    /// <exception cref="CatalogFormatException">The file is meant as a page but cannot be read.</exception>
    public static IReadOnlyList<CatalogSpec>? Read(string path, string text) => Read(path, Utf8Text.Strict.GetBytes(text), folderTag: null);

    /// <summary>
    /// The specs a page lists, read from its UTF-8 bytes: pages whose <c>meta</c> and
    /// <c>spec_details</c> are JSON lines take the fast path, anything else is read as YAML.
    /// </summary>
    /// <param name="path">The page's path, for locations and for the package name when the page has no title.</param>
    /// <param name="utf8">The page's bytes.</param>
    /// <param name="folderTag">The tag to use when the page's <c>categories</c> names none (legacy pages under a tag folder).</param>
    /// <exception cref="CatalogFormatException">The file is meant as a page but cannot be read.</exception>
    public static IReadOnlyList<CatalogSpec>? Read(string path, byte[] utf8, string? folderTag) =>
        Read(path, utf8, folderTag, new CatalogInterner());

    internal static IReadOnlyList<CatalogSpec>? Read(string path, ReadOnlySpan<byte> utf8, string? folderTag, CatalogInterner interner) =>
        Read(path, utf8, folderTag, interner, check: false, out _);

    /// <summary>
    /// As <see cref="Read(string, byte[], string?)"/>; with <paramref name="check"/>, a page the JSON-line
    /// checker can vouch for is only checked: null specs and its <paramref name="facts"/>, its specs
    /// being read again when needed (<see cref="DeferredPage"/>). Any other page is read in full.
    /// </summary>
    internal static IReadOnlyList<CatalogSpec>? Read(string path, ReadOnlySpan<byte> utf8, string? folderTag, CatalogInterner interner, bool check, out PageFacts? facts)
    {
        facts = null;
        // Decoding would quietly turn bad bytes into U+FFFD and a package name nobody can require.
        var invalid = Utf8Text.FirstInvalidByte(utf8);
        if (invalid >= 0)
        {
            throw InvalidUtf8(utf8, invalid);
        }

        if (check && JsonLinePageReader.TryCheck(path, utf8, folderTag, interner, out facts))
        {
            return null;
        }

        if (JsonLinePageReader.TryRead(path, utf8, folderTag, interner, out var specs))
        {
            return specs;
        }

        return ReadYaml(path, Utf8Text.GetString(utf8), folderTag);
    }

    /// <summary>The YAML reader alone; the JSON-line fast path must give the same specs as this for every page.</summary>
    internal static IReadOnlyList<CatalogSpec>? ReadYaml(string path, string text, string? folderTag)
    {
        var frontMatter = FindFrontMatter(text, out var firstLine);
        if (frontMatter is null)
        {
            return null;
        }

        YamlMappingNode root;
        try
        {
            var stream = BoundedYaml.Load(frontMatter);
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                return null;
            }

            root = mapping;
        }
        catch (YamlException e)
        {
            throw new CatalogFormatException(string.Format(Messages.PageErrorYaml, e.Message), firstLine + (int)e.Start.Line - 1, (int)e.Start.Column, e);
        }

        var page = new PageFields(path, firstLine);
        var name = page.String(root, "title", required: false);
        var tag = PageFields.Tag(root) ?? folderTag;
        if (root.Children.TryGetValue(new YamlScalarNode("spec_details"), out var details))
        {
            return page.SpecDetails(details, name ?? PackageNameFromPath(path), tag);
        }

        if (root.Children.TryGetValue(new YamlScalarNode("spec_names"), out var names))
        {
            return page.SpecNames(names, tag);
        }

        return null;
    }

    internal static CatalogFormatException InvalidUtf8(ReadOnlySpan<byte> utf8, int offset)
    {
        var (line, column) = Utf8Text.Position(utf8, offset);
        return new CatalogFormatException(string.Format(Messages.PageErrorInvalidUtf8, utf8[offset]), line, column);
    }

    /// <summary>The YAML between the opening and closing <c>---</c>; <paramref name="firstLine"/> is its first line in the file.</summary>
    private static string? FindFrontMatter(string text, out int firstLine)
    {
        firstLine = 2;
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        if (string.CompareOrdinal(text, start, Fence, 0, Fence.Length) != 0)
        {
            return null;
        }

        var contentStart = text.IndexOf('\n', start);
        if (contentStart < 0)
        {
            throw new CatalogFormatException(Messages.PageErrorNoClosingFence, 1, 1);
        }

        contentStart++;
        var position = contentStart;
        while (position < text.Length)
        {
            var lineEnd = text.IndexOf('\n', position);
            var line = lineEnd < 0 ? text.Substring(position) : text.Substring(position, lineEnd - position);
            if (line.TrimEnd('\r') == Fence)
            {
                return text.Substring(contentStart, position - contentStart);
            }

            if (lineEnd < 0)
            {
                break;
            }

            position = lineEnd + 1;
        }

        throw new CatalogFormatException(Messages.PageErrorNoClosingFence, CountLines(text), 1);
    }

    private static int CountLines(string text)
    {
        var lines = 1;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                lines++;
            }
        }

        return lines;
    }

    // Pages live at <tag>/<package>/specs.md; a page without a title is named by its folder.
    internal static string PackageNameFromPath(string path) => Path.GetFileName(Path.GetDirectoryName(path)) ?? string.Empty;

    /// <summary>Typed access to page fields that turns a wrong shape into a located error.</summary>
    private sealed class PageFields(string path, int firstLine)
    {
        public IReadOnlyList<CatalogSpec> SpecDetails(YamlNode details, string packageName, string? tag)
        {
            var entries = Sequence(details, "spec_details");
            var specs = new List<CatalogSpec>(entries.Children.Count);
            foreach (var entry in entries.Children)
            {
                if (entry is not YamlMappingNode spec)
                {
                    throw Error(entry, string.Format(Messages.PageErrorFieldType, "spec_details[]", Messages.FieldShapeMapping));
                }

                specs.Add(SpecDetail(spec, packageName, tag));
            }

            return specs;
        }

        public IReadOnlyList<CatalogSpec> SpecNames(YamlNode names, string? tag)
        {
            var entries = Sequence(names, "spec_names");
            var specs = new List<CatalogSpec>(entries.Children.Count);
            foreach (var entry in entries.Children)
            {
                var text = Scalar(entry, "spec_names[]");
                SpecConstraint parsed;
                try
                {
                    parsed = SpecParser.Parse(text, legacySyntax: true);
                }
                catch (SpecParseException e)
                {
                    throw Error(entry, string.Format(Messages.PageErrorSpecName, text, e.Message));
                }

                if (parsed.Platform is null || parsed.Os is null || parsed.Target is null || parsed.Versions.Ranges.Count != 1)
                {
                    throw Error(entry, string.Format(Messages.PageErrorSpecName, text, Messages.PageErrorSpecNameNotConcrete));
                }

                var version = parsed.Versions.Ranges[0].Lower;
                var compiler = parsed.Compiler is null
                    ? null
                    : new SpecCompiler(parsed.Compiler.Name, parsed.Compiler.Versions.Ranges[0].Lower);
                var variants = VariantSet.FromStrings(parsed.Variants.Select(v => v.Text).ToList());
                specs.Add(new CatalogSpec(
                    parsed.Name,
                    version is null ? [] : [version],
                    Hash: null,
                    parsed.Platform,
                    parsed.Os,
                    parsed.Target.ToString(),
                    compiler,
                    variants,
                    Stacks: [],
                    tag,
                    Location(entry)));
            }

            return specs;
        }

        public static string? Tag(YamlMappingNode root)
        {
            if (!root.Children.TryGetValue(new YamlScalarNode("categories"), out var categories) || categories is not YamlSequenceNode list)
            {
                return null;
            }

            return list.Children.OfType<YamlScalarNode>().Select(s => s.Value).FirstOrDefault(v => v is not null && v != "package");
        }

        public string? String(YamlMappingNode map, string key, bool required)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                return required ? throw Error(map, string.Format(Messages.PageErrorMissingField, key)) : null;
            }

            return Scalar(node, key);
        }

        private CatalogSpec SpecDetail(YamlMappingNode spec, string packageName, string? tag)
        {
            var hash = String(spec, "hash", required: true)!;
            string platform, os, target;
            if (spec.Children.TryGetValue(new YamlScalarNode("arches"), out var archNode))
            {
                // The oldest generator wrote one "platform-os-target" string instead of three fields.
                var archText = Scalar(archNode, "arches");
                if (!Platform.SpackArch.TryParse(archText, out var arch))
                {
                    throw Error(archNode, string.Format(Messages.PageErrorFieldType, "arches", "platform-os-target"));
                }

                (platform, os, target) = (arch!.Platform, arch.Os, arch.Target);
            }
            else
            {
                platform = String(spec, "platform", required: true)!;
                os = String(spec, "os", required: true)!;
                target = String(spec, "target", required: true)!;
            }

            var versions = new List<SpackVersion>();
            foreach (var versionText in Strings(spec, "versions", required: true))
            {
                if (!SpackVersion.TryParse(versionText, out var version))
                {
                    throw Error(spec, string.Format(Messages.PageErrorVersion, versionText));
                }

                versions.Add(version!);
            }

            return new CatalogSpec(
                packageName,
                versions,
                hash,
                platform,
                os,
                target,
                SpecCompiler.Parse(String(spec, "compiler", required: false)),
                VariantSet.FromStrings(Strings(spec, "variants", required: false)),
                Strings(spec, "stacks", required: false),
                tag,
                Location(spec));
        }

        private IReadOnlyList<string> Strings(YamlMappingNode map, string key, bool required)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                return required ? throw Error(map, string.Format(Messages.PageErrorMissingField, key)) : [];
            }

            var sequence = Sequence(node, key);
            var values = new string[sequence.Children.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Scalar(sequence.Children[i], key + "[]");
            }

            return values;
        }

        private YamlSequenceNode Sequence(YamlNode node, string key) =>
            node as YamlSequenceNode ?? throw Error(node, string.Format(Messages.PageErrorFieldType, key, Messages.FieldShapeList));

        private string Scalar(YamlNode node, string key) =>
            node is YamlScalarNode { Value: { } value } ? value : throw Error(node, string.Format(Messages.PageErrorFieldType, key, Messages.FieldShapeString));

        private SourceLocation Location(YamlNode node) => new(path, firstLine + (int)node.Start.Line - 1, (int)node.Start.Column);

        private CatalogFormatException Error(YamlNode node, string message) =>
            new(message, firstLine + (int)node.Start.Line - 1, (int)node.Start.Column);
    }
}
