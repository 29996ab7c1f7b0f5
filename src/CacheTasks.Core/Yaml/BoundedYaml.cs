using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace CacheTasks.Yaml;

/// <summary>
/// Loads YAML into nodes only when its nesting is shallow enough. YamlDotNet builds nodes
/// recursively, and a stack overflow ends the whole build process with no diagnostic, so a
/// file nested deeper than any page or spack.yaml needs is refused (as a <see cref="YamlException"/>
/// at the node that goes too deep) before nodes are built. Aliases are not expanded here: an alias
/// is the same node object as its anchor.
/// </summary>
internal static class BoundedYaml
{
    /// <summary>Spack pages nest 4 levels and environments about 8; this leaves room for both.</summary>
    public const int MaxDepth = 100;

    /// <exception cref="YamlException">The text is not valid YAML or is nested deeper than <see cref="MaxDepth"/>.</exception>
    public static YamlStream Load(string text)
    {
        // The event parser keeps its own stack on the heap, so this scan is safe at any depth.
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        var last = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                last = parser.Current!.End;
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart:
                        if (++depth > MaxDepth)
                        {
                            throw new YamlException(parser.Current.Start, parser.Current.End, string.Format(Messages.YamlTooDeep, MaxDepth));
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                }
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner and node builder fail this way on some malformed input (found by
            // fuzzing); it is still bad YAML, so it is reported as such, after the last event that parsed.
            throw new YamlException(last, last, e.Message, e);
        }
    }
}
