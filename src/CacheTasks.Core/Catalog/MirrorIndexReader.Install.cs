using System.Runtime.CompilerServices;
using System.Text.Json;
using CacheTasks.Concrete;

namespace CacheTasks.Catalog;

/// <summary>One install of the index: its wrapper (<c>in_buildcache</c>) here, its <c>spec</c> by the one node-dict reader.</summary>
public static partial class MirrorIndexReader
{
    private sealed partial class Parser
    {
        private readonly List<NodeDict> _installs = [];
        private string? _version;
        private int _versionLine;
        private int _versionColumn;

        [MethodImpl(HotPath.Options)]
        private Step InstallStep(ref Utf8JsonReader reader)
        {
            if (!Next(ref reader) || reader.TokenType != JsonTokenType.PropertyName)
            {
                return Step.End;
            }

            var at = reader.TokenStartIndex;
            var key = reader.GetString()!;
            Next(ref reader);
            ExpectMapping(ref reader, "installs[]");
            var (line, column) = Locate(at);
            var install = new NodeDict { Key = key, Line = line, Column = column };
            while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("spec"u8))
                {
                    Next(ref reader);
                    ExpectMapping(ref reader, "spec");
                    _nodes.Read(ref reader, install);
                }
                else if (reader.ValueTextEquals("in_buildcache"u8))
                {
                    Next(ref reader);
                    install.InBuildCache = reader.TokenType != JsonTokenType.False;
                }
                else
                {
                    Next(ref reader);
                    Skip(ref reader);
                }
            }

            install.Id = _nodes.Id(InstallHash.From(install.Hash ?? install.Key));
            _installs.Add(install);
            return Step.More;
        }
    }
}
