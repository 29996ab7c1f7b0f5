using System.Runtime.CompilerServices;
using System.Text.Json;
using CacheTasks.Specs;

namespace CacheTasks.Concrete;

/// <summary>
/// Reads Spack's node dicts (<c>Spec.to_node_dict</c>, lib/spack/spack/spec.py) from a JSON reader
/// without copying the buffer: the one reader of that format, for a mirror index's installs and a
/// <c>spack.lock</c>'s <c>concrete_specs</c> alike. It accepts every layout Spack has written:
/// <list type="bullet">
/// <item>the node's hash as <c>hash</c> or <c>_hash</c> (database v6);</item>
/// <item><c>dependencies</c> as a list <c>[{name, hash, parameters: {deptypes, virtuals}}]</c>
/// (spec files v4 and later), <c>[{name, hash, type}]</c> (v2, v3), a mapping
/// <c>{name: {hash, type}}</c> (v1, database v6) or <c>{name: hash}</c> (the oldest), the
/// dependency's hash under <c>hash</c>, <c>dag_hash</c>, <c>build_hash</c> or <c>full_hash</c>
/// (the first of these present, in that order);</item>
/// <item>with <see cref="NamedWrapper"/>, lock files up to version 3, which nest the node under its
/// package name (<c>{name: {...}}</c>, Spack's <c>SpecfileV1.name_and_data</c>).</item>
/// </list>
/// <para>
/// An edge that names no types (a bare hash, or a mapping without <c>type</c>/<c>deptypes</c>) is
/// a build and link dependency. Spack ≥ 1.0 refuses such an edge (its readers take
/// <c>elt["type"]</c> or <c>elt["parameters"]["deptypes"]</c>: <c>SpecfileV1.read_specfile_dep_specs</c>,
/// <c>SpecfileV2.extract_info_from_dep</c>, <c>SpecfileV4.extract_info_from_dep</c>); the only
/// meaning Spack ever gave a dependency without types is the oldest layout's, a bare hash read as
/// <c>("build", "link")</c> (<c>read_yaml_dep_specs</c> before Spack 0.17). That one rule serves
/// both files, so a node's closure does not depend on which file listed it.
/// </para>
/// <para>
/// The reader may see only part of the file: at the end of the buffer, when the file goes on
/// (<see cref="Final"/> false), it throws <see cref="NeedMoreData"/> and the caller reads the unit
/// again after a refill. A field of the wrong shape is a <see cref="NodeDictException"/>.
/// </para>
/// </summary>
internal sealed class NodeDictReader(CatalogInterner interner)
{
    /// <summary>The types of a dependency that names none (see the summary).</summary>
    public const DependencyTypes UntypedEdge = DependencyTypes.Build | DependencyTypes.Link;

    private static readonly HashSet<string> CompilerFlags = new(StringComparer.Ordinal) { "cflags", "cppflags", "cxxflags", "fflags", "ldflags", "ldlibs" };

    private readonly InstallHashIds _ids = new();
    private readonly Dictionary<string, string> _plus = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _minus = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), string> _valued = [];
    private readonly Dictionary<string, string> _listed = new(StringComparer.Ordinal);
    private readonly List<(string Name, string Text)> _variantScratch = [];
    private readonly List<string> _stringScratch = [];
    private readonly List<NodeDictEdge> _edgeScratch = [];

    public CatalogInterner Interner { get; } = interner;

    /// <summary>Every hash met so far, by id: a node's own and those its edges name.</summary>
    public List<InstallHash> Hashes => _ids.Hashes;

    /// <summary>Whether the reader's buffer ends where the file does.</summary>
    public bool Final { get; set; }

    /// <summary>Read lock files up to version 3, whose nodes are nested under their package name.</summary>
    public bool NamedWrapper { get; init; }

    /// <summary>
    /// Skimming (<see cref="Skim"/>): every field is checked as a whole read checks it, but only
    /// what finds the node again is kept (name, version, arch, its hash's id, its edges' targets);
    /// variants, compilers, annotations and edge names are not built.
    /// </summary>
    private bool _skimming;

    /// <summary>
    /// Reads the node dict the reader is at (its <c>{</c>) as <see cref="Read"/> does, with the
    /// same checks (where a value might be refused it throws <see cref="SkimRefused"/> or a
    /// <see cref="NodeDictException"/>: read the node whole for the exact error), keeping only <see cref="NodeDict.Name"/>, <see cref="NodeDict.Version"/>,
    /// the arch, <see cref="NodeDict.External"/>, <see cref="NodeDict.Id"/> (the id of the node's own
    /// hash, -1 when it states none) and whether some edge's virtuals are not a list; each kept
    /// edge's target hash id is appended to <paramref name="targets"/>, in the order
    /// <see cref="Read"/> gives the edges.
    /// </summary>
    public void Skim(ref Utf8JsonReader reader, NodeDict node, List<int> targets)
    {
        _edgeScratch.Clear();
        _skimming = true;
        try
        {
            ReadFields(ref reader, node, NamedWrapper);
        }
        finally
        {
            _skimming = false;
        }

        foreach (var edge in _edgeScratch)
        {
            targets.Add(edge.Target);
        }
    }

    /// <summary>
    /// Reads the node dict the reader is at (its <c>{</c>) into <paramref name="node"/>: every
    /// field but the node's own id, which the caller gives (<see cref="Id(InstallHash)"/>).
    /// </summary>
    public void Read(ref Utf8JsonReader reader, NodeDict node)
    {
        _edgeScratch.Clear();
        ReadFields(ref reader, node, NamedWrapper);
        node.Edges = _edgeScratch.Count == 0 ? [] : _edgeScratch.ToArray();
    }

    private void ReadFields(ref Utf8JsonReader reader, NodeDict node, bool wrapped)
    {
        var first = true;
        while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                Next(ref reader);
                node.Name = Scalar(ref reader, "name");
            }
            else if (reader.ValueTextEquals("version"u8))
            {
                Next(ref reader);
                node.Version = Scalar(ref reader, "version");
            }
            else if (reader.ValueTextEquals("hash"u8) || reader.ValueTextEquals("_hash"u8))
            {
                Next(ref reader);
                if (_skimming)
                {
                    node.Id = HashId(ref reader, "hash");
                }
                else
                {
                    node.Hash = reader.TokenType == JsonTokenType.String ? reader.GetString()! : Scalar(ref reader, "hash");
                }
            }
            else if (reader.ValueTextEquals("arch"u8))
            {
                Next(ref reader);
                ExpectMapping(ref reader, "arch");
                ReadArch(ref reader, node);
            }
            else if (reader.ValueTextEquals("compiler"u8))
            {
                Next(ref reader);
                ReadCompiler(ref reader, node);
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                Next(ref reader);
                ExpectMapping(ref reader, "parameters");
                ReadParameters(ref reader, node);
            }
            else if (reader.ValueTextEquals("dependencies"u8))
            {
                Next(ref reader);
                ReadDependencies(ref reader, node);
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
                        node.AnnotatedCompiler = Kept(ref reader, "annotations.compiler");
                    }
                    else
                    {
                        Skip(ref reader);
                    }
                }
            }
            else if (reader.ValueTextEquals("external"u8))
            {
                Next(ref reader);
                node.External = reader.TokenType is not (JsonTokenType.Null or JsonTokenType.False);
                Skip(ref reader);
            }
            else if (wrapped && first)
            {
                // Lock files up to version 3: {name: {...}}.
                var name = Interned(ref reader);
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadFields(ref reader, node, wrapped: false);
                    node.Name ??= name;
                }
                else
                {
                    Skip(ref reader);
                }
            }
            else
            {
                Next(ref reader);
                Skip(ref reader);
            }

            first = false;
        }
    }

    private void ReadArch(ref Utf8JsonReader reader, NodeDict node)
    {
        while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("platform"u8))
            {
                Next(ref reader);
                node.Platform = Scalar(ref reader, "arch.platform");
            }
            else if (reader.ValueTextEquals("platform_os"u8))
            {
                Next(ref reader);
                node.Os = Scalar(ref reader, "arch.platform_os");
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
                            node.Target = Scalar(ref reader, "arch.target.name");
                        }
                        else
                        {
                            Skip(ref reader);
                        }
                    }
                }
                else
                {
                    node.Target = Scalar(ref reader, "arch.target");
                }
            }
            else
            {
                Next(ref reader);
                Skip(ref reader);
            }
        }
    }

    private void ReadCompiler(ref Utf8JsonReader reader, NodeDict node)
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
                node.CompilerName = Kept(ref reader, "compiler.name");
            }
            else if (reader.ValueTextEquals("version"u8))
            {
                Next(ref reader);
                node.CompilerVersion = Kept(ref reader, "compiler.version");
            }
            else
            {
                Next(ref reader);
                Skip(ref reader);
            }
        }
    }

    private void ReadParameters(ref Utf8JsonReader reader, NodeDict node)
    {
        if (_skimming)
        {
            CheckParameters(ref reader);
            return;
        }

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
        var written = Interner.VariantScratch;
        written.Clear();
        foreach (var (_, text) in variants)
        {
            written.Add(text);
        }

        node.Variants = Interner.Variants(written);
    }

    /// <summary>
    /// The checks of <see cref="ReadParameters"/>, building nothing: a value that is not a scalar, a
    /// list of them or a mapping might be refused (unless its parameter is a compiler flag): the
    /// install is then read whole (<see cref="SkimRefused"/>), which decides and words the error.
    /// </summary>
    private void CheckParameters(ref Utf8JsonReader reader)
    {
        while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            Next(ref reader);
            switch (reader.TokenType)
            {
                case JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                    break;
                case JsonTokenType.StartObject:
                    Skip(ref reader);
                    break;
                case JsonTokenType.StartArray:
                    while (Next(ref reader) && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
                        {
                            throw SkimRefused.Instance;
                        }
                    }

                    break;
                default:
                    throw SkimRefused.Instance;
            }
        }
    }

    private static string Shared(Dictionary<string, string> known, string name, string sign)
    {
        if (!known.TryGetValue(name, out var text))
        {
            known[name] = text = sign + name;
        }

        return text;
    }

    private void ReadDependencies(ref Utf8JsonReader reader, NodeDict node)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            // [{name, hash, parameters: {deptypes, virtuals}}] or [{name, hash, type}].
            while (Next(ref reader) && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    Skip(ref reader);
                    continue;
                }

                var edge = new NodeDictEdge { Target = -1, Virtuals = [], At = reader.TokenStartIndex };
                var name = ReadEdge(ref reader, ref edge, node, null);
                if (name is not null)
                {
                    edge.Name = name;
                    _edgeScratch.Add(edge);
                }
            }

            return;
        }

        if (reader.TokenType == JsonTokenType.StartObject)
        {
            // {name: {hash, type}} or {name: hash}.
            while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = _skimming ? string.Empty : Interned(ref reader);
                Next(ref reader);
                var edge = new NodeDictEdge { Target = -1, Name = name, Virtuals = [], Types = UntypedEdge, At = reader.TokenStartIndex };
                if (reader.TokenType == JsonTokenType.String)
                {
                    edge.Target = HashId(ref reader, "dependencies." + name);
                    _edgeScratch.Add(edge);
                }
                else if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadEdge(ref reader, ref edge, node, name);
                    _edgeScratch.Add(edge);
                }
                else
                {
                    Skip(ref reader);
                }
            }

            return;
        }

        Skip(ref reader);
    }

    /// <summary>One edge's mapping; the edge's name (<paramref name="name"/> when the layout gave it outside), or null when it has none.</summary>
    private string? ReadEdge(ref Utf8JsonReader reader, ref NodeDictEdge edge, NodeDict node, string? name)
    {
        var hashRank = int.MaxValue;
        var typed = false;
        var virtualsNotList = false;
        while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Spack ≥ 0.22 writes name, hash, parameters: those are compared first.
            var rank = reader.ValueTextEquals("name"u8) ? -1 : HashRank(ref reader);
            if (rank < 0)
            {
                Next(ref reader);
                name = Kept(ref reader, "dependencies[].name") ?? string.Empty;
            }
            else if (rank < int.MaxValue)
            {
                Next(ref reader);
                if (rank < hashRank)
                {
                    edge.Target = HashId(ref reader, "dependencies[].hash");
                    hashRank = rank;
                }
                else
                {
                    Skip(ref reader);
                }
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                Next(ref reader);
                edge.Types = ReadTypes(ref reader);
                typed = true;
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                Next(ref reader);
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    Skip(ref reader);
                    continue;
                }

                while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("deptypes"u8))
                    {
                        Next(ref reader);
                        edge.Types = ReadTypes(ref reader);
                        typed = true;
                    }
                    else if (reader.ValueTextEquals("virtuals"u8))
                    {
                        Next(ref reader);
                        if (reader.TokenType == JsonTokenType.StartArray && _skimming)
                        {
                            while (Next(ref reader) && reader.TokenType != JsonTokenType.EndArray)
                            {
                                Kept(ref reader, "virtuals[]");
                            }
                        }
                        else if (reader.TokenType == JsonTokenType.StartArray)
                        {
                            var values = _stringScratch;
                            values.Clear();
                            while (Next(ref reader) && reader.TokenType != JsonTokenType.EndArray)
                            {
                                values.Add(Scalar(ref reader, "virtuals[]"));
                            }

                            edge.Virtuals = Interner.List(values);
                        }
                        else
                        {
                            virtualsNotList = true;
                            Skip(ref reader);
                        }
                    }
                    else
                    {
                        Next(ref reader);
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

        if (!typed)
        {
            edge.Types = UntypedEdge;
        }

        if (virtualsNotList && name is not null)
        {
            (node.VirtualsNotList ??= []).Add(name);
        }

        return name;
    }

    /// <summary>Where a key ranks among Spack's dependency hash keys, newest first; other keys rank last (<see cref="int.MaxValue"/>).</summary>
    internal static int HashRank(ReadOnlySpan<byte> key) =>
        key.SequenceEqual("hash"u8) ? 0
        : key.SequenceEqual("dag_hash"u8) ? 1
        : key.SequenceEqual("build_hash"u8) ? 2
        : key.SequenceEqual("full_hash"u8) ? 3
        : int.MaxValue;

    // The property name as its text: an escaped one is unescaped first, as ValueTextEquals would.
    private static int HashRank(ref Utf8JsonReader reader) =>
        HashRank(reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan);

    /// <summary><c>["build", "link"]</c>, or a single name as a string (a few old files).</summary>
    private DependencyTypes ReadTypes(ref Utf8JsonReader reader)
    {
        if (_skimming)
        {
            // Types never make a node refused, and the skim keeps none.
            Skip(ref reader);
            return UntypedEdge;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            return TypeOf(ref reader);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            Skip(ref reader);
            return UntypedEdge;
        }

        var types = DependencyTypes.None;
        while (Next(ref reader) && reader.TokenType != JsonTokenType.EndArray)
        {
            types |= reader.TokenType == JsonTokenType.String ? TypeOf(ref reader) : DependencyTypes.None;
            if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
            {
                Skip(ref reader);
            }
        }

        return types;
    }

    private static DependencyTypes TypeOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("build"u8) ? DependencyTypes.Build
        : reader.ValueTextEquals("link"u8) ? DependencyTypes.Link
        : reader.ValueTextEquals("run"u8) ? DependencyTypes.Run
        : reader.ValueTextEquals("test"u8) ? DependencyTypes.Test
        : DependencyTypes.None;

    private int HashId(ref Utf8JsonReader reader, string key)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
        {
            return _ids.Id(reader.ValueSpan);
        }

        return Id(InstallHash.From(Scalar(ref reader, key)));
    }

    /// <summary>The id of a hash, the same for the node that has it and every edge that names it, in any order.</summary>
    public int Id(InstallHash hash) => _ids.Id(hash);

    /// <summary>The id of each hash <paramref name="other"/> met, by other's ids (see <see cref="InstallHashIds.Ids"/>).</summary>
    public int[] Ids(NodeDictReader other) => _ids.Ids(other._ids);

    /// <summary>The id of a hash as the file holds it (UTF-8).</summary>
    [MethodImpl(HotPath.Options)]
    public int Id(ReadOnlySpan<byte> utf8) => _ids.Id(utf8);

    /// <summary>The next token; at the end of the buffer (not the file) the unit starts again after a refill.</summary>
    public bool Next(ref Utf8JsonReader reader) =>
        reader.Read() || (Final ? false : throw NeedMoreData.Instance);

    public static void Skip(ref Utf8JsonReader reader)
    {
        // A scalar is skipped already; TrySkip would still copy the reader to restore on failure.
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName && !reader.TrySkip())
        {
            throw NeedMoreData.Instance;
        }
    }

    public string Interned(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? reader.GetString()! : Interner.String(reader.ValueSpan);

    public string Scalar(ref Utf8JsonReader reader, string key) =>
        reader.TokenType switch
        {
            JsonTokenType.String => Interned(ref reader),
            JsonTokenType.Number => Interner.String(reader.ValueSpan),
            _ => throw FieldNotString(reader.TokenStartIndex, key),
        };

    /// <summary>A scalar the skim checks but does not keep (null then).</summary>
    private string? Kept(ref Utf8JsonReader reader, string key)
    {
        if (!_skimming)
        {
            return Scalar(ref reader, key);
        }

        return reader.TokenType is JsonTokenType.String or JsonTokenType.Number ? null : throw SkimRefused.Instance;
    }

    private static NodeDictException FieldNotString(long at, string key) =>
        new(at, string.Format(Messages.PageErrorFieldType, key, Messages.FieldShapeString));

    // The field's name is only built for the message.
    private string Parameter(ref Utf8JsonReader reader, string name, string suffix) =>
        reader.TokenType is JsonTokenType.String or JsonTokenType.Number ? Scalar(ref reader, string.Empty) : Scalar(ref reader, "parameters." + name + suffix);

    public static void ExpectMapping(ref Utf8JsonReader reader, string key)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new NodeDictException(reader.TokenStartIndex, string.Format(Messages.PageErrorFieldType, key, Messages.FieldShapeMapping));
        }
    }

    /// <summary>
    /// Thrown by <see cref="Skim"/> where the node might be refused (a value of the wrong shape): the
    /// caller reads the node whole (<see cref="Read"/>) from where it started, which throws the
    /// exact error, or accepts it.
    /// </summary>
    public sealed class SkimRefused : Exception
    {
        public static readonly SkimRefused Instance = new();
    }

    /// <summary>Thrown inside a unit that runs past the buffer; never leaves the file's reader.</summary>
    public sealed class NeedMoreData : Exception
    {
        public static readonly NeedMoreData Instance = new();
    }
}
