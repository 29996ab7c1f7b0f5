using System.Runtime.CompilerServices;
using System.Text.Json;
using CacheTasks.Specs;

namespace CacheTasks.Catalog;

/// <summary>The fields of one install the index reader keeps, read from the buffer without copying it.</summary>
public static partial class MirrorIndexReader
{
    private static readonly HashSet<string> CompilerFlags = new(StringComparer.Ordinal) { "cflags", "cppflags", "cxxflags", "fflags", "ldflags", "ldlibs" };

    private static readonly HashSet<string> CompilerLanguages = new(StringComparer.Ordinal) { "c", "cxx", "fortran" };

    /// <summary>One install as read, until the whole index is known and its graph can be resolved.</summary>
    private sealed class Install
    {
        public string Key = string.Empty;
        public int Line;
        public int Column;
        public int Id;
        public string? Name;
        public string? Version;
        public string? Platform;
        public string? Os;
        public string? Target;
        public string? CompilerName;
        public string? CompilerVersion;
        public string? AnnotatedCompiler;
        public string? Hash;
        public VariantSet Variants = VariantSet.Empty;
        public Edge[] Edges = [];
        public bool InBuildCache = true;
        public List<string>? Problems;
        public List<string>? VirtualsNotList;

        /// <summary>How messages name the install: <c>libelf@0.8.13/jr3yipy</c>.</summary>
        public string Label => (Name ?? "?") + (Version is null ? string.Empty : "@" + Version) + "/" + Truncate(Hash ?? Key, 7);

        public void Problem(string message) => (Problems ??= []).Add(message);

        private static string Truncate(string text, int length) => text.Length <= length ? text : text.Substring(0, length);
    }

    /// <summary>A dependency edge as read: <see cref="Target"/> is the id of its hash (-1 once the edge is left out).</summary>
    private struct Edge
    {
        public int Target;
        public string Name;
        public DependencyTypes Types;
        public IReadOnlyList<string> Virtuals;
    }

    private sealed partial class Parser
    {
        private readonly List<Install> _installs = [];
        private readonly Dictionary<InstallHash, int> _ids = [];
        private readonly List<InstallHash> _hashes = [];
        private readonly Dictionary<string, string> _plus = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _minus = new(StringComparer.Ordinal);
        private readonly Dictionary<(string, string), string> _valued = [];
        private readonly Dictionary<string, string> _listed = new(StringComparer.Ordinal);
        private readonly List<(string Name, string Text)> _variantScratch = [];
        private readonly List<string> _stringScratch = [];
        private readonly List<Edge> _edgeScratch = [];
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
            var install = new Install { Key = key, Line = line, Column = column };
            _edgeScratch.Clear();
            while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("spec"u8))
                {
                    Next(ref reader);
                    ExpectMapping(ref reader, "spec");
                    ReadSpec(ref reader, install);
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

            install.Edges = _edgeScratch.Count == 0 ? [] : _edgeScratch.ToArray();
            install.Id = Id(InstallHash.From(install.Hash ?? install.Key));
            _installs.Add(install);
            return Step.More;
        }

        [MethodImpl(HotPath.Options)]
        private void ReadSpec(ref Utf8JsonReader reader, Install install)
        {
            while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("name"u8))
                {
                    Next(ref reader);
                    install.Name = Scalar(ref reader, "name");
                }
                else if (reader.ValueTextEquals("version"u8))
                {
                    Next(ref reader);
                    install.Version = Scalar(ref reader, "version");
                }
                else if (reader.ValueTextEquals("hash"u8) || reader.ValueTextEquals("_hash"u8))
                {
                    Next(ref reader);
                    install.Hash = reader.TokenType == JsonTokenType.String ? reader.GetString()! : Scalar(ref reader, "hash");
                }
                else if (reader.ValueTextEquals("arch"u8))
                {
                    Next(ref reader);
                    ExpectMapping(ref reader, "arch");
                    ReadArch(ref reader, install);
                }
                else if (reader.ValueTextEquals("compiler"u8))
                {
                    Next(ref reader);
                    ReadCompiler(ref reader, install);
                }
                else if (reader.ValueTextEquals("parameters"u8))
                {
                    Next(ref reader);
                    ExpectMapping(ref reader, "parameters");
                    ReadParameters(ref reader, install);
                }
                else if (reader.ValueTextEquals("dependencies"u8))
                {
                    Next(ref reader);
                    ReadDependencies(ref reader, install);
                }
                else if (reader.ValueTextEquals("annotations"u8))
                {
                    Next(ref reader);
                    ExpectMapping(ref reader, "annotations");
                    while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isCompiler = reader.ValueTextEquals("compiler"u8);
                        Next(ref reader);
                        if (isCompiler)
                        {
                            install.AnnotatedCompiler = Scalar(ref reader, "annotations.compiler");
                        }
                        else
                        {
                            Skip(ref reader);
                        }
                    }
                }
                else
                {
                    Next(ref reader);
                    Skip(ref reader);
                }
            }
        }

        [MethodImpl(HotPath.Options)]
        private void ReadArch(ref Utf8JsonReader reader, Install install)
        {
            while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("platform"u8))
                {
                    Next(ref reader);
                    install.Platform = Scalar(ref reader, "arch.platform");
                }
                else if (reader.ValueTextEquals("platform_os"u8))
                {
                    Next(ref reader);
                    install.Os = Scalar(ref reader, "arch.platform_os");
                }
                else if (reader.ValueTextEquals("target"u8))
                {
                    Next(ref reader);
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        // Spack writes a plain name for generic targets and a mapping (name, vendor, features...) for the others.
                        while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            var isName = reader.ValueTextEquals("name"u8);
                            Next(ref reader);
                            if (isName)
                            {
                                install.Target = Scalar(ref reader, "arch.target.name");
                            }
                            else
                            {
                                Skip(ref reader);
                            }
                        }
                    }
                    else
                    {
                        install.Target = Scalar(ref reader, "arch.target");
                    }
                }
                else
                {
                    Next(ref reader);
                    Skip(ref reader);
                }
            }
        }

        [MethodImpl(HotPath.Options)]
        private void ReadCompiler(ref Utf8JsonReader reader, Install install)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                Skip(ref reader);
                return;
            }

            while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("name"u8))
                {
                    Next(ref reader);
                    install.CompilerName = Scalar(ref reader, "compiler.name");
                }
                else if (reader.ValueTextEquals("version"u8))
                {
                    Next(ref reader);
                    install.CompilerVersion = Scalar(ref reader, "compiler.version");
                }
                else
                {
                    Next(ref reader);
                    Skip(ref reader);
                }
            }
        }

        [MethodImpl(HotPath.Options)]
        private void ReadParameters(ref Utf8JsonReader reader, Install install)
        {
            var variants = _variantScratch;
            variants.Clear();
            while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = Interned(ref reader);
                Next(ref reader);
                if (CompilerFlags.Contains(name))
                {
                    Skip(ref reader);
                    continue;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.True:
                        variants.Add((name, Shared(_plus, name, "+")));
                        break;
                    case JsonTokenType.False:
                        variants.Add((name, Shared(_minus, name, "~")));
                        break;
                    case JsonTokenType.StartArray:
                        var values = _stringScratch;
                        values.Clear();
                        while (Next(ref reader) && reader.TokenType != JsonTokenType.EndArray)
                        {
                            values.Add(Parameter(ref reader, name, "[]"));
                        }

                        var listed = name + "=" + string.Join(",", values);
                        if (!_listed.TryGetValue(listed, out var sharedList))
                        {
                            _listed[listed] = sharedList = listed;
                        }

                        variants.Add((name, sharedList));
                        break;
                    case JsonTokenType.StartObject:
                        Skip(ref reader);
                        break;
                    default:
                        var value = Parameter(ref reader, name, string.Empty);
                        if (!_valued.TryGetValue((name, value), out var text))
                        {
                            _valued[(name, value)] = text = name + "=" + value;
                        }

                        variants.Add((name, text));
                        break;
                }
            }

            variants.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            var written = _interner.VariantScratch;
            written.Clear();
            foreach (var (_, text) in variants)
            {
                written.Add(text);
            }

            install.Variants = _interner.Variants(written);
        }

        private static string Shared(Dictionary<string, string> known, string name, string sign)
        {
            if (!known.TryGetValue(name, out var text))
            {
                known[name] = text = sign + name;
            }

            return text;
        }

        [MethodImpl(HotPath.Options)]
        private void ReadDependencies(ref Utf8JsonReader reader, Install install)
        {
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                // Versions 7 and 8: [{name, hash, parameters: {deptypes, virtuals}}].
                while (Next(ref reader) && reader.TokenType == JsonTokenType.StartObject)
                {
                    var edge = new Edge { Target = -1, Virtuals = [] };
                    string? name = null;
                    var virtualsAt = -1L;
                    while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("name"u8))
                        {
                            Next(ref reader);
                            name = Scalar(ref reader, "dependencies[].name");
                        }
                        else if (reader.ValueTextEquals("hash"u8))
                        {
                            Next(ref reader);
                            edge.Target = HashId(ref reader, "dependencies[].hash");
                        }
                        else if (reader.ValueTextEquals("parameters"u8))
                        {
                            Next(ref reader);
                            virtualsAt = ReadEdgeParameters(ref reader, ref edge);
                        }
                        else
                        {
                            Next(ref reader);
                            Skip(ref reader);
                        }
                    }

                    if (name is not null)
                    {
                        edge.Name = name;
                        if (virtualsAt >= 0)
                        {
                            (install.VirtualsNotList ??= []).Add(name);
                        }

                        _edgeScratch.Add(edge);
                    }
                }

                return;
            }

            if (reader.TokenType == JsonTokenType.StartObject)
            {
                // Version 6: {name: {hash, type: [deptypes]}}.
                while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var edge = new Edge { Target = -1, Name = Interned(ref reader), Virtuals = [] };
                    Next(ref reader);
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        Skip(ref reader);
                        continue;
                    }

                    while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isHash = reader.ValueTextEquals("hash"u8);
                        var isType = reader.ValueTextEquals("type"u8);
                        Next(ref reader);
                        if (isHash)
                        {
                            edge.Target = HashId(ref reader, "dependencies.hash");
                        }
                        else if (isType && reader.TokenType == JsonTokenType.StartArray)
                        {
                            edge.Types = ReadTypes(ref reader);
                        }
                        else
                        {
                            Skip(ref reader);
                        }
                    }

                    _edgeScratch.Add(edge);
                }

                return;
            }

            Skip(ref reader);
        }

        /// <summary>Reads <c>deptypes</c> and <c>virtuals</c>; the offset of <c>virtuals</c> when it is not a list, else -1.</summary>
        [MethodImpl(HotPath.Options)]
        private long ReadEdgeParameters(ref Utf8JsonReader reader, ref Edge edge)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                Skip(ref reader);
                return -1;
            }

            var notList = -1L;
            while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("deptypes"u8))
                {
                    Next(ref reader);
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        edge.Types = ReadTypes(ref reader);
                    }
                    else
                    {
                        Skip(ref reader);
                    }
                }
                else if (reader.ValueTextEquals("virtuals"u8))
                {
                    Next(ref reader);
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        var values = _stringScratch;
                        values.Clear();
                        while (Next(ref reader) && reader.TokenType != JsonTokenType.EndArray)
                        {
                            values.Add(Scalar(ref reader, "virtuals[]"));
                        }

                        edge.Virtuals = _interner.List(values);
                    }
                    else
                    {
                        notList = reader.TokenStartIndex;
                        Skip(ref reader);
                    }
                }
                else
                {
                    Next(ref reader);
                    Skip(ref reader);
                }
            }

            return notList;
        }

        [MethodImpl(HotPath.Options)]
        private DependencyTypes ReadTypes(ref Utf8JsonReader reader)
        {
            var types = DependencyTypes.None;
            while (Next(ref reader) && reader.TokenType != JsonTokenType.EndArray)
            {
                types |= reader.TokenType != JsonTokenType.String ? DependencyTypes.None
                    : reader.ValueTextEquals("build"u8) ? DependencyTypes.Build
                    : reader.ValueTextEquals("link"u8) ? DependencyTypes.Link
                    : reader.ValueTextEquals("run"u8) ? DependencyTypes.Run
                    : reader.ValueTextEquals("test"u8) ? DependencyTypes.Test
                    : DependencyTypes.None;
                if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                {
                    Skip(ref reader);
                }
            }

            return types;
        }

        [MethodImpl(HotPath.Options)]
        private int HashId(ref Utf8JsonReader reader, string key)
        {
            if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
            {
                return Id(InstallHash.From(reader.ValueSpan));
            }

            return Id(InstallHash.From(Scalar(ref reader, key)));
        }

        /// <summary>The id of a hash, the same for the install that has it and every edge that names it, in any order.</summary>
        [MethodImpl(HotPath.Options)]
        private int Id(InstallHash hash)
        {
            if (!_ids.TryGetValue(hash, out var id))
            {
                _ids[hash] = id = _hashes.Count;
                _hashes.Add(hash);
            }

            return id;
        }

        [MethodImpl(HotPath.Options)]
        private string Interned(ref Utf8JsonReader reader) =>
            reader.ValueIsEscaped ? reader.GetString()! : _interner.String(reader.ValueSpan);

        [MethodImpl(HotPath.Options)]
        private string Scalar(ref Utf8JsonReader reader, string key) =>
            reader.TokenType switch
            {
                JsonTokenType.String => Interned(ref reader),
                JsonTokenType.Number => _interner.String(reader.ValueSpan),
                _ => throw Error(reader.TokenStartIndex, string.Format(Messages.PageErrorFieldType, key, Messages.FieldShapeString)),
            };

        // The field's name is only built for the message.
        [MethodImpl(HotPath.Options)]
        private string Parameter(ref Utf8JsonReader reader, string name, string suffix) =>
            reader.TokenType is JsonTokenType.String or JsonTokenType.Number ? Scalar(ref reader, string.Empty) : Scalar(ref reader, "parameters." + name + suffix);

        private void ExpectMapping(ref Utf8JsonReader reader, string key)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error(reader.TokenStartIndex, string.Format(Messages.PageErrorFieldType, key, Messages.FieldShapeMapping));
            }
        }
    }
}
