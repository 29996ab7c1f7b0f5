using System.Text.Json;
using CacheTasks.Concrete;

namespace CacheTasks.Catalog;

/// <summary>One install of the index: its wrapper (<c>in_buildcache</c>) here, its <c>spec</c> by the one node-dict reader.</summary>
public static partial class MirrorIndexReader
{
    /// <summary>
    /// The install whose key the reader is about to read (the next token), decoded whole; null when
    /// the installs end there. The one reading of an install, for the whole reader and for an install
    /// read again from its place in the file (<see cref="IndexFile"/>).
    /// </summary>
    internal static NodeDict? ReadInstall(ref Utf8JsonReader reader, NodeDictReader nodes, int line, int column)
    {
        if (!nodes.Next(ref reader) || reader.TokenType != JsonTokenType.PropertyName)
        {
            return null;
        }

        var install = new NodeDict { Key = reader.GetString()!, Line = line, Column = column };
        nodes.Next(ref reader);
        NodeDictReader.ExpectMapping(ref reader, "installs[]");
        while (nodes.Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("spec"u8))
            {
                nodes.Next(ref reader);
                NodeDictReader.ExpectMapping(ref reader, "spec");
                nodes.Read(ref reader, install);
            }
            else if (reader.ValueTextEquals("in_buildcache"u8))
            {
                nodes.Next(ref reader);
                install.InBuildCache = reader.TokenType != JsonTokenType.False;

                // Anything but false counts as true; a nested value is skipped whole, or the installs after it would be read as its fields.
                NodeDictReader.Skip(ref reader);
            }
            else
            {
                nodes.Next(ref reader);
                NodeDictReader.Skip(ref reader);
            }
        }

        return install;
    }

    private sealed partial class Parser
    {
        private readonly List<NodeDict> _installs = [];
        private string? _version;
        private int _versionLine;
        private int _versionColumn;

        private Step InstallStep(ref Utf8JsonReader reader)
        {
            // Where the install starts is only known once its key is read: locate it before reading on,
            // as the line counter only moves forward and an error inside the install is further on.
            var peek = reader;
            if (!Next(ref peek) || peek.TokenType != JsonTokenType.PropertyName)
            {
                reader = peek;
                return Step.End;
            }

            var (line, column) = Locate(peek.TokenStartIndex);
            var install = ReadInstall(ref reader, _nodes, line, column)!;
            install.Id = _nodes.Id(InstallHash.From(install.Hash ?? install.Key));
            _installs.Add(install);
            return Step.More;
        }
    }
}
