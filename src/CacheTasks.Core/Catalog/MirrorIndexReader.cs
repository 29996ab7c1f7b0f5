using System.Text.Json;
using CacheTasks.Diagnostics;
using CacheTasks.Specs;

namespace CacheTasks.Catalog;

/// <summary>
/// Reads a Spack mirror's build-cache <c>index.json</c> (a Spack Database file, versions 6, 7 and 8)
/// into catalog specs: every install that is in the build cache becomes one spec.
/// </summary>
/// <remarks>
/// Variants come from the spec's <c>parameters</c> as Spack prints them: <c>true</c>/<c>false</c>
/// become <c>+name</c>/<c>~name</c>, a single value <c>name=value</c>, a list <c>name=a,b</c>, in
/// name order. The compiler flags Spack keeps in the same object (<c>cflags</c>, <c>cppflags</c>,
/// <c>cxxflags</c>, <c>fflags</c>, <c>ldflags</c>, <c>ldlibs</c>) are not variants; Spack prints
/// them only when set, cache pages never list them, and no requirement can ask for them as a
/// variant, so they are left out even when set. Patch hashes are kept whole (pages cut them to 7
/// characters; matching accepts either). The compiler is the <c>compiler</c> object in versions 6
/// and 7; in version 8 (Spack 1.0) it is <c>annotations.compiler</c> when present, else the build
/// dependency that provides <c>c</c>, <c>cxx</c> or <c>fortran</c>. The tag is the mirror's name:
/// the folder that holds <c>build_cache/</c>.
/// </remarks>
public static class MirrorIndexReader
{
    /// <summary>The file name Spack gives a build-cache index.</summary>
    public const string IndexFileName = "index.json";

    private static readonly string[] SupportedVersions = ["6", "7", "8"];

    private static readonly HashSet<string> CompilerFlags = new(StringComparer.Ordinal) { "cflags", "cppflags", "cxxflags", "fflags", "ldflags", "ldlibs" };

    private static readonly HashSet<string> CompilerLanguages = new(StringComparer.Ordinal) { "c", "cxx", "fortran" };

    /// <summary>The binaries an index lists.</summary>
    /// <exception cref="CatalogFormatException">The file is not a readable index of a supported version.</exception>
    public static IReadOnlyList<CatalogSpec> Read(string path, byte[] utf8)
    {
        // The JSON reader validates UTF-8 only when a string is decoded, and then throws InvalidOperationException.
        var invalid = Utf8Text.FirstInvalidByte(utf8);
        if (invalid >= 0)
        {
            throw CatalogPageReader.InvalidUtf8(utf8, invalid);
        }

        var parser = new Parser(path, utf8);
        try
        {
            return parser.Read();
        }
        catch (JsonException e)
        {
            throw new CatalogFormatException(
                string.Format(Messages.IndexErrorJson, FirstSentence(e.Message)),
                (int)(e.LineNumber ?? -1) + 1,
                (int)(e.BytePositionInLine ?? -1) + 1,
                e);
        }
    }

    /// <summary>The mirror an index belongs to: the folder above <c>build_cache</c>, or null.</summary>
    public static string? MirrorName(string indexPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(indexPath));
        if (folder is null || !string.Equals(Path.GetFileName(folder), "build_cache", StringComparison.Ordinal))
        {
            return null;
        }

        var mirror = Path.GetFileName(Path.GetDirectoryName(folder));
        return string.IsNullOrEmpty(mirror) ? null : mirror;
    }

    // The reader's messages end with "LineNumber: n | BytePositionInLine: m."; the diagnostic carries those already.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut < 0 ? message : message.Substring(0, cut);
    }

    private sealed class Install
    {
        public string Key = string.Empty;
        public long Offset;
        public string? Name;
        public string? Version;
        public string? Platform;
        public string? Os;
        public string? Target;
        public string? CompilerName;
        public string? CompilerVersion;
        public string? AnnotatedCompiler;
        public string? Hash;
        public List<string> Variants = [];
        public List<(string Name, string? Hash, bool IsCompiler)> Dependencies = [];
        public bool InBuildCache = true;
    }

    private sealed class Parser(string path, byte[] bytes)
    {
        private readonly List<Install> _installs = [];
        private LineMap? _lines;
        private string? _version;
        private long _versionOffset;

        public IReadOnlyList<CatalogSpec> Read()
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error(reader.TokenStartIndex, string.Format(Messages.PageErrorFieldType, "the index", "a JSON object"));
            }

            var sawDatabase = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("database"u8))
                {
                    reader.Read();
                    ExpectMapping(ref reader, "database");
                    ReadDatabase(ref reader);
                    sawDatabase = true;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (!sawDatabase || _version is null)
            {
                throw Error(0, string.Format(Messages.IndexErrorMissingField, sawDatabase ? "database.version" : "database"));
            }

            if (Array.IndexOf(SupportedVersions, _version) < 0)
            {
                throw Error(_versionOffset, string.Format(Messages.IndexErrorVersion, _version, string.Join(", ", SupportedVersions)));
            }

            return ToSpecs();
        }

        private void ReadDatabase(ref Utf8JsonReader reader)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("version"u8))
                {
                    reader.Read();
                    _versionOffset = reader.TokenStartIndex;
                    _version = Scalar(ref reader, "database.version");
                }
                else if (reader.ValueTextEquals("installs"u8))
                {
                    reader.Read();
                    ExpectMapping(ref reader, "installs");
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var install = new Install { Key = reader.GetString()!, Offset = reader.TokenStartIndex };
                        reader.Read();
                        ExpectMapping(ref reader, "installs[]");
                        ReadInstall(ref reader, install);
                        _installs.Add(install);
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        private void ReadInstall(ref Utf8JsonReader reader, Install install)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("spec"u8))
                {
                    reader.Read();
                    ExpectMapping(ref reader, "spec");
                    ReadSpec(ref reader, install);
                }
                else if (reader.ValueTextEquals("in_buildcache"u8))
                {
                    reader.Read();
                    install.InBuildCache = reader.TokenType != JsonTokenType.False;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        private void ReadSpec(ref Utf8JsonReader reader, Install install)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("name"u8))
                {
                    reader.Read();
                    install.Name = Scalar(ref reader, "name");
                }
                else if (reader.ValueTextEquals("version"u8))
                {
                    reader.Read();
                    install.Version = Scalar(ref reader, "version");
                }
                else if (reader.ValueTextEquals("hash"u8) || reader.ValueTextEquals("_hash"u8))
                {
                    reader.Read();
                    install.Hash = Scalar(ref reader, "hash");
                }
                else if (reader.ValueTextEquals("arch"u8))
                {
                    reader.Read();
                    ExpectMapping(ref reader, "arch");
                    ReadArch(ref reader, install);
                }
                else if (reader.ValueTextEquals("compiler"u8))
                {
                    reader.Read();
                    ReadCompiler(ref reader, install);
                }
                else if (reader.ValueTextEquals("parameters"u8))
                {
                    reader.Read();
                    ExpectMapping(ref reader, "parameters");
                    ReadParameters(ref reader, install);
                }
                else if (reader.ValueTextEquals("dependencies"u8))
                {
                    reader.Read();
                    ReadDependencies(ref reader, install);
                }
                else if (reader.ValueTextEquals("annotations"u8))
                {
                    reader.Read();
                    ExpectMapping(ref reader, "annotations");
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isCompiler = reader.ValueTextEquals("compiler"u8);
                        reader.Read();
                        if (isCompiler)
                        {
                            install.AnnotatedCompiler = Scalar(ref reader, "annotations.compiler");
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        private void ReadArch(ref Utf8JsonReader reader, Install install)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("platform"u8))
                {
                    reader.Read();
                    install.Platform = Scalar(ref reader, "arch.platform");
                }
                else if (reader.ValueTextEquals("platform_os"u8))
                {
                    reader.Read();
                    install.Os = Scalar(ref reader, "arch.platform_os");
                }
                else if (reader.ValueTextEquals("target"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        // Spack writes a plain name for generic targets and a mapping (name, vendor, features...) for the others.
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            var isName = reader.ValueTextEquals("name"u8);
                            reader.Read();
                            if (isName)
                            {
                                install.Target = Scalar(ref reader, "arch.target.name");
                            }
                            else
                            {
                                reader.Skip();
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
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        private void ReadCompiler(ref Utf8JsonReader reader, Install install)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("name"u8))
                {
                    reader.Read();
                    install.CompilerName = Scalar(ref reader, "compiler.name");
                }
                else if (reader.ValueTextEquals("version"u8))
                {
                    reader.Read();
                    install.CompilerVersion = Scalar(ref reader, "compiler.version");
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        private void ReadParameters(ref Utf8JsonReader reader, Install install)
        {
            var variants = new List<string>();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (CompilerFlags.Contains(name))
                {
                    reader.Skip();
                    continue;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.True:
                        variants.Add("+" + name);
                        break;
                    case JsonTokenType.False:
                        variants.Add("~" + name);
                        break;
                    case JsonTokenType.StartArray:
                        var values = new List<string>();
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            values.Add(Scalar(ref reader, "parameters." + name + "[]"));
                        }

                        variants.Add(name + "=" + string.Join(",", values));
                        break;
                    case JsonTokenType.StartObject:
                        reader.Skip();
                        break;
                    default:
                        variants.Add(name + "=" + Scalar(ref reader, "parameters." + name));
                        break;
                }
            }

            variants.Sort(static (a, b) => string.CompareOrdinal(VariantName(a), VariantName(b)));
            install.Variants = variants;
        }

        private static string VariantName(string variant) =>
            variant[0] is '+' or '~' ? variant.Substring(1) : variant.Substring(0, variant.IndexOf('='));

        private void ReadDependencies(ref Utf8JsonReader reader, Install install)
        {
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                // Versions 7 and 8: [{name, hash, parameters: {deptypes, virtuals}}].
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    string? name = null, hash = null;
                    var isCompiler = false;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("name"u8))
                        {
                            reader.Read();
                            name = Scalar(ref reader, "dependencies[].name");
                        }
                        else if (reader.ValueTextEquals("hash"u8))
                        {
                            reader.Read();
                            hash = Scalar(ref reader, "dependencies[].hash");
                        }
                        else if (reader.ValueTextEquals("parameters"u8))
                        {
                            reader.Read();
                            isCompiler = ReadDependencyParameters(ref reader);
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                    }

                    if (name is not null)
                    {
                        install.Dependencies.Add((name, hash, isCompiler));
                    }
                }

                return;
            }

            // Version 6 keeps {name: {hash, type}} and its compiler in the spec itself.
            reader.Skip();
        }

        // A build dependency that provides a language virtual is the compiler.
        private bool ReadDependencyParameters(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return false;
            }

            bool build = false, language = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isTypes = reader.ValueTextEquals("deptypes"u8);
                var isVirtuals = reader.ValueTextEquals("virtuals"u8);
                reader.Read();
                if ((isTypes || isVirtuals) && reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var value = Scalar(ref reader, isTypes ? "deptypes[]" : "virtuals[]");
                        build |= isTypes && value == "build";
                        language |= isVirtuals && CompilerLanguages.Contains(value);
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            return build && language;
        }

        private List<CatalogSpec> ToSpecs()
        {
            var tag = MirrorName(path);
            var byHash = new Dictionary<string, Install>(StringComparer.Ordinal);
            foreach (var install in _installs)
            {
                byHash[install.Hash ?? install.Key] = install;
            }

            var specs = new List<CatalogSpec>(_installs.Count);
            foreach (var install in _installs)
            {
                if (!install.InBuildCache)
                {
                    // Externals and installs whose binary was never pushed are not in the cache.
                    continue;
                }

                var name = install.Name ?? throw Error(install.Offset, string.Format(Messages.IndexErrorMissingField, "spec.name"));
                var versionText = install.Version ?? throw Error(install.Offset, string.Format(Messages.IndexErrorMissingField, "spec.version"));
                var platform = install.Platform ?? throw Error(install.Offset, string.Format(Messages.IndexErrorMissingField, "spec.arch.platform"));
                var os = install.Os ?? throw Error(install.Offset, string.Format(Messages.IndexErrorMissingField, "spec.arch.platform_os"));
                var target = install.Target ?? throw Error(install.Offset, string.Format(Messages.IndexErrorMissingField, "spec.arch.target"));
                if (!SpackVersion.TryParse(versionText, out var version))
                {
                    throw Error(install.Offset, string.Format(Messages.PageErrorVersion, versionText));
                }

                var (line, column) = Lines.Locate(install.Offset);
                specs.Add(new CatalogSpec(
                    name,
                    [version!],
                    install.Hash ?? install.Key,
                    platform,
                    os,
                    target,
                    Compiler(install, byHash),
                    VariantSet.FromStrings(install.Variants),
                    [],
                    tag,
                    new SourceLocation(path, line, column)));
            }

            return specs;
        }

        private static SpecCompiler? Compiler(Install install, Dictionary<string, Install> byHash)
        {
            if (install.CompilerName is not null)
            {
                return SpecCompiler.Parse(install.CompilerVersion is null ? install.CompilerName : install.CompilerName + "@" + install.CompilerVersion);
            }

            if (install.AnnotatedCompiler is not null)
            {
                return SpecCompiler.Parse(install.AnnotatedCompiler);
            }

            foreach (var dependency in install.Dependencies)
            {
                if (dependency.IsCompiler)
                {
                    return dependency.Hash is not null && byHash.TryGetValue(dependency.Hash, out var compiler) && compiler.Version is not null
                        ? SpecCompiler.Parse(dependency.Name + "@" + compiler.Version)
                        : new SpecCompiler(dependency.Name, null);
                }
            }

            return null;
        }

        private LineMap Lines => _lines ??= new LineMap(bytes);

        private string Scalar(ref Utf8JsonReader reader, string key) =>
            reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Number => Utf8Text.GetString(reader.ValueSpan),
                _ => throw Error(reader.TokenStartIndex, string.Format(Messages.PageErrorFieldType, key, Messages.FieldShapeString)),
            };

        private void ExpectMapping(ref Utf8JsonReader reader, string key)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error(reader.TokenStartIndex, string.Format(Messages.PageErrorFieldType, key, Messages.FieldShapeMapping));
            }
        }

        private CatalogFormatException Error(long offset, string message)
        {
            var (line, column) = Lines.Locate(offset);
            return new CatalogFormatException(message, line, column);
        }
    }
}
