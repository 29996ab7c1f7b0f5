using System.Runtime.CompilerServices;
using System.Text.Json;
using CacheTasks.Concrete;
using CacheTasks.Diagnostics;
using CacheTasks.IO;
using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Catalog;

/// <summary>
/// The fast path for cache pages: the generator writes <c>meta</c> and <c>spec_details</c> as one
/// line of JSON each (json.dumps), and every other front-matter line as a simple scalar. Such a page
/// is read straight from its UTF-8 bytes with <see cref="Utf8JsonReader"/>. Anything this reader
/// does not recognise with certainty (block YAML, legacy <c>spec_names</c>, quoting it would have to
/// interpret, JSON that does not parse) is left to the YAML reader, so both paths give the same
/// specs, and the same errors, for every page.
/// </summary>
internal static class JsonLinePageReader
{
    private const int FirstFrontMatterLine = 2;

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>
    /// False when the page is not in the shape this reader handles; the caller then reads it as
    /// YAML. True with null specs when the file is not a cache page.
    /// </summary>
    /// <exception cref="CatalogFormatException">The page is in this shape but its content is wrong.</exception>
    public static bool TryRead(string path, ReadOnlySpan<byte> file, string? folderTag, out IReadOnlyList<CatalogSpec>? specs) =>
        TryRead(path, file, folderTag, new CatalogInterner(), out specs);

    /// <inheritdoc cref="TryRead(string, ReadOnlySpan{byte}, string?, out IReadOnlyList{CatalogSpec}?)"/>
    /// <remarks>Hot loops are compiled optimised at once: a build process loads the catalog once, so tiered JIT would run it unoptimised.</remarks>
    [MethodImpl(HotPath.Options)]
    public static bool TryRead(string path, ReadOnlySpan<byte> file, string? folderTag, CatalogInterner interner, out IReadOnlyList<CatalogSpec>? specs)
    {
        specs = null;
        if (!TryReadHeader(path, file, folderTag, out var header))
        {
            return false;
        }

        if (header.DetailsLine < 0)
        {
            return true;
        }

        var detailsText = file.Slice(header.DetailsStart, header.DetailsLength);
        try
        {
            specs = new SpecDetailsParser(path, detailsText, header.DetailsValue, header.DetailsLine, interner).Read(header.Name, header.Tag);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // A string that is not UTF-8 (callers check the file first; this keeps the reader safe alone).
            return false;
        }
        catch (CatalogFormatException) when (!IsJson(detailsText.Slice(header.DetailsValue)))
        {
            // YAML reads the whole front matter before looking at fields, so a later syntax error
            // wins over a field error; let the YAML reader report it the same way.
            return false;
        }
    }

    /// <summary>
    /// Checks a page without building its specs: true with the page's facts when the full read
    /// would read it without an error and give at least one spec; false when the page must be read in
    /// full (another shape, a problem to report, not a page, no spec). The file must be valid UTF-8.
    /// </summary>
    public static bool TryCheck(string path, ReadOnlySpan<byte> file, string? folderTag, CatalogInterner interner, out PageFacts? facts)
    {
        facts = null;
        if (!TryReadHeader(path, file, folderTag, out var header) || header.DetailsLine < 0)
        {
            return false;
        }

        facts = Checker(path, file, header, interner).Check(header.Name, header.Tag);
        return facts is not null;
    }

    /// <summary>
    /// The specs of a page <see cref="TryCheck"/> vouches for, built by the checker: the same as
    /// <see cref="TryRead(string, ReadOnlySpan{byte}, string?, CatalogInterner, out IReadOnlyList{CatalogSpec}?)"/>
    /// gives. Null when the checker does not vouch for the page (now).
    /// </summary>
    public static List<CatalogSpec>? BuildChecked(string path, ReadOnlySpan<byte> file, string? folderTag, CatalogInterner interner) =>
        TryReadHeader(path, file, folderTag, out var header) && header.DetailsLine >= 0
            ? Checker(path, file, header, interner).Build(header.Name, header.Tag)
            : null;

    private static SpecDetailsChecker Checker(string path, ReadOnlySpan<byte> file, Header header, CatalogInterner interner) =>
        new(path, file.Slice(header.DetailsStart, header.DetailsLength), header.DetailsValue, header.DetailsLine, interner);

    /// <summary>The front matter's lines, when every one is in the shape this reader handles (false: read the page as YAML).</summary>
    private static bool TryReadHeader(string path, ReadOnlySpan<byte> file, string? folderTag, out Header header)
    {
        header = default;
        var position = file.Length >= 3 && file[0] == 0xEF && file[1] == 0xBB && file[2] == 0xBF ? 3 : 0;
        if (!NextLine(file, ref position, out var opening) || !IsFence(file.Slice(opening.Start, opening.Length)))
        {
            return false;
        }

        string? title = null;
        List<string>? categories = null;
        var detailsLine = -1;
        var detailsStart = 0;
        var detailsLength = 0;
        var detailsValue = 0;
        var seenMeta = false;
        var lineNumber = FirstFrontMatterLine - 1;
        var closed = false;
        while (NextLine(file, ref position, out var lineRange))
        {
            lineNumber++;
            var line = file.Slice(lineRange.Start, lineRange.Length);
            if (IsFence(line))
            {
                closed = true;
                break;
            }

            if (line.IsEmpty || line[0] == (byte)'#')
            {
                continue;
            }

            if (!SplitKey(line, out var key, out var valueOffset))
            {
                return false;
            }

            var value = line.Slice(valueOffset);
            if (key.SequenceEqual("title"u8))
            {
                if (title is not null || !TryReadSimpleScalar(value, out title))
                {
                    return false;
                }
            }
            else if (key.SequenceEqual("categories"u8))
            {
                if (categories is not null || !TryReadSimpleList(value, out categories))
                {
                    return false;
                }
            }
            else if (key.SequenceEqual("spec_details"u8))
            {
                if (detailsLine >= 0 || value.IsEmpty || value[0] != (byte)'[')
                {
                    return false;
                }

                (detailsLine, detailsStart, detailsLength, detailsValue) = (lineNumber, lineRange.Start, lineRange.Length, valueOffset);
            }
            else if (key.SequenceEqual("meta"u8))
            {
                if (seenMeta || !IsJson(value))
                {
                    return false;
                }

                seenMeta = true;
            }
            else if (key.SequenceEqual("spec_names"u8) || !IsSimpleValue(value))
            {
                // Legacy pages, and anything else that needs a real YAML reader.
                return false;
            }
        }

        if (!closed)
        {
            return false;
        }

        header = detailsLine < 0
            ? new Header(string.Empty, null, -1, 0, 0, 0)
            : new Header(title ?? CatalogPageReader.PackageNameFromPath(path), categories?.FirstOrDefault(c => c != "package") ?? folderTag, detailsLine, detailsStart, detailsLength, detailsValue);
        return true;
    }

    private static bool NextLine(ReadOnlySpan<byte> file, ref int position, out (int Start, int Length) line)
    {
        if (position >= file.Length)
        {
            line = default;
            return false;
        }

        var end = file.Slice(position).IndexOf((byte)'\n');
        var length = end < 0 ? file.Length - position : end;
        var contentLength = length > 0 && file[position + length - 1] == (byte)'\r' ? length - 1 : length;
        line = (position, contentLength);
        position += end < 0 ? length : length + 1;
        return true;
    }

    private static bool IsFence(ReadOnlySpan<byte> line) => line.SequenceEqual("---"u8);

    /// <summary>A top-level <c>key: value</c> line with a plain key; the value must be on the same line.</summary>
    private static bool SplitKey(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> key, out int valueOffset)
    {
        key = default;
        valueOffset = 0;
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || colon + 1 >= line.Length || line[colon + 1] != (byte)' ')
        {
            return false;
        }

        key = line.Slice(0, colon);
        foreach (var b in key)
        {
            if (!(b is >= (byte)'a' and <= (byte)'z' || b is >= (byte)'A' and <= (byte)'Z' || b is >= (byte)'0' and <= (byte)'9' || b == (byte)'_'))
            {
                return false;
            }
        }

        valueOffset = colon + 2;
        while (valueOffset < line.Length && line[valueOffset] == (byte)' ')
        {
            valueOffset++;
        }

        var end = line.Length;
        while (end > valueOffset && line[end - 1] == (byte)' ')
        {
            end--;
        }

        // Trailing spaces are not part of a YAML value; a value that is only spaces opens a block.
        return end > valueOffset && end == line.Length;
    }

    private static bool IsSimpleValue(ReadOnlySpan<byte> value) =>
        value[0] is (byte)'{' or (byte)'[' ? IsJson(value) : TryReadSimpleScalar(value, out _);

    /// <summary>A double-quoted string without escapes, or a plain word; YAML reads both as their text.</summary>
    private static bool TryReadSimpleScalar(ReadOnlySpan<byte> value, out string? text)
    {
        text = null;
        if (value[0] == (byte)'"')
        {
            var inner = value.Slice(1);
            if (inner.Length == 0 || inner[inner.Length - 1] != (byte)'"')
            {
                return false;
            }

            inner = inner.Slice(0, inner.Length - 1);
            if (inner.IndexOfAny((byte)'"', (byte)'\\') >= 0)
            {
                return false;
            }

            text = Utf8Text.GetString(inner);
            return true;
        }

        if (!IsPlainWord(value))
        {
            return false;
        }

        text = Utf8Text.GetString(value);
        return true;
    }

    /// <summary><c>[package, develop]</c>: a flow list of plain words.</summary>
    private static bool TryReadSimpleList(ReadOnlySpan<byte> value, out List<string>? items)
    {
        items = null;
        if (value.Length < 2 || value[0] != (byte)'[' || value[value.Length - 1] != (byte)']')
        {
            return false;
        }

        var list = new List<string>();
        var rest = value.Slice(1, value.Length - 2);
        while (true)
        {
            var comma = rest.IndexOf((byte)',');
            var item = Trim(comma < 0 ? rest : rest.Slice(0, comma));
            if (item.IsEmpty)
            {
                // "[]" is an empty list; an empty item between commas is not a simple list.
                if (comma < 0 && list.Count == 0)
                {
                    break;
                }

                return false;
            }

            if (!IsPlainWord(item))
            {
                return false;
            }

            list.Add(Utf8Text.GetString(item));
            if (comma < 0)
            {
                break;
            }

            rest = rest.Slice(comma + 1);
        }

        items = list;
        return true;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && text[start] == (byte)' ')
        {
            start++;
        }

        while (end > start && text[end - 1] == (byte)' ')
        {
            end--;
        }

        return text.Slice(start, end - start);
    }

    // Letters, digits and . _ - + @ /, starting with a letter or digit: YAML reads these as plain
    // text (or as a number, bool or null, which the YAML reader still hands over as text).
    private static bool IsPlainWord(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || !IsAlphanumeric(value[0]))
        {
            return false;
        }

        foreach (var b in value)
        {
            if (!(IsAlphanumeric(b) || b is (byte)'.' or (byte)'_' or (byte)'-' or (byte)'+' or (byte)'@' or (byte)'/'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAlphanumeric(byte b) =>
        b is >= (byte)'a' and <= (byte)'z' || b is >= (byte)'A' and <= (byte)'Z' || b is >= (byte)'0' and <= (byte)'9';

    private static bool IsJson(ReadOnlySpan<byte> value)
    {
        // The generator's JSON is in the scanner's subset; anything else is up to the real reader.
        if (JsonLineScanner.IsDocument(value))
        {
            return true;
        }

        try
        {
            var reader = new Utf8JsonReader(value, ReaderOptions);
            if (!reader.Read() || reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A page's front matter as this reader sees it: its package, tag, and where <c>spec_details</c> is (line -1: none).</summary>
    private readonly record struct Header(string Name, string? Tag, int DetailsLine, int DetailsStart, int DetailsLength, int DetailsValue);

    /// <summary>Reads the <c>spec_details</c> array with the same checks and messages as the YAML reader.</summary>
    private readonly ref struct SpecDetailsParser
    {
        private readonly string _path;
        private readonly ReadOnlySpan<byte> _line;
        private readonly int _valueOffset;
        private readonly int _lineNumber;
        private readonly bool _ascii;
        private readonly CatalogInterner _interner;

        public SpecDetailsParser(string path, ReadOnlySpan<byte> line, int valueOffset, int lineNumber, CatalogInterner interner)
        {
            _interner = interner;
            _path = path;
            _line = line;
            _valueOffset = valueOffset;
            _lineNumber = lineNumber;
            _ascii = Utf8Text.IsAscii(line);
        }

        [MethodImpl(HotPath.Options)]
        public List<CatalogSpec> Read(string name, string? tag)
        {
            var reader = new Utf8JsonReader(_line.Slice(_valueOffset), ReaderOptions);
            reader.Read();
            var specs = new List<CatalogSpec>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw Error(ref reader, string.Format(Messages.PageErrorFieldType, "spec_details[]", Messages.FieldShapeMapping));
                }

                specs.Add(ReadSpec(ref reader, name, tag));
            }

            if (reader.Read())
            {
                throw new JsonException("content after spec_details");
            }

            return specs;
        }

        private static void Once(ref int seen, int key)
        {
            if ((seen & key) != 0)
            {
                throw new JsonException("duplicate key");
            }

            seen |= key;
        }

        [MethodImpl(HotPath.Options)]
        private CatalogSpec ReadSpec(ref Utf8JsonReader reader, string name, string? tag)
        {
            var start = Location(reader.TokenStartIndex);
            string? hash = null, compiler = null, platform = null, os = null, target = null, arches = null;
            var archesAt = 0L;
            List<string>? versions = null, variants = null, stacks = null;
            // YAML rejects a key given twice: such an entry is left to the YAML reader, so both paths agree.
            var seen = 0;
            HashSet<string>? otherKeys = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("hash"u8))
                {
                    Once(ref seen, 1);
                    // Hashes are unique: not worth interning.
                    reader.Read();
                    hash = reader.TokenType == JsonTokenType.String ? reader.GetString()! : ScalarValue(ref reader, "hash");
                }
                else if (reader.ValueTextEquals("compiler"u8))
                {
                    Once(ref seen, 2);
                    compiler = Scalar(ref reader, "compiler");
                }
                else if (reader.ValueTextEquals("versions"u8))
                {
                    Once(ref seen, 4);
                    versions = Strings(ref reader, "versions", _interner.Versions);
                }
                else if (reader.ValueTextEquals("os"u8))
                {
                    Once(ref seen, 8);
                    os = Scalar(ref reader, "os");
                }
                else if (reader.ValueTextEquals("platform"u8))
                {
                    Once(ref seen, 16);
                    platform = Scalar(ref reader, "platform");
                }
                else if (reader.ValueTextEquals("target"u8))
                {
                    Once(ref seen, 32);
                    target = Scalar(ref reader, "target");
                }
                else if (reader.ValueTextEquals("variants"u8))
                {
                    Once(ref seen, 64);
                    variants = Strings(ref reader, "variants", _interner.VariantScratch);
                }
                else if (reader.ValueTextEquals("stacks"u8))
                {
                    Once(ref seen, 128);
                    stacks = Strings(ref reader, "stacks", _interner.StackScratch);
                }
                else if (reader.ValueTextEquals("arches"u8))
                {
                    Once(ref seen, 256);
                    arches = Scalar(ref reader, "arches");
                    archesAt = reader.TokenStartIndex;
                }
                else if (reader.ValueTextEquals("size"u8) || reader.ValueTextEquals("tarball"u8))
                {
                    // In every entry the generator writes, and not used: checked for duplicates without a string.
                    Once(ref seen, reader.ValueTextEquals("size"u8) ? 512 : 1024);
                    reader.Read();
                    reader.Skip();
                }
                else
                {
                    if (!(otherKeys ??= new HashSet<string>(StringComparer.Ordinal)).Add(reader.GetString()!))
                    {
                        throw new JsonException("duplicate key");
                    }

                    reader.Read();
                    reader.Skip();
                }
            }

            if (hash is null)
            {
                throw Error(start, string.Format(Messages.PageErrorMissingField, "hash"));
            }

            if (arches is not null)
            {
                // The oldest generator wrote one "platform-os-target" string instead of three fields.
                if (!SpackArch.TryParse(arches, out var arch))
                {
                    throw Error(Location(archesAt), string.Format(Messages.PageErrorFieldType, "arches", "platform-os-target"));
                }

                (platform, os, target) = (arch!.Platform, arch.Os, arch.Target);
            }
            else
            {
                platform = platform ?? throw Error(start, string.Format(Messages.PageErrorMissingField, "platform"));
                os = os ?? throw Error(start, string.Format(Messages.PageErrorMissingField, "os"));
                target = target ?? throw Error(start, string.Format(Messages.PageErrorMissingField, "target"));
            }

            if (versions is null)
            {
                throw Error(start, string.Format(Messages.PageErrorMissingField, "versions"));
            }

            IReadOnlyList<SpackVersion> parsedVersions;
            if (versions.Count == 1)
            {
                parsedVersions = _interner.Version(versions[0]) ?? throw Error(start, string.Format(Messages.PageErrorVersion, versions[0]));
            }
            else
            {
                var texts = versions.ToArray();
                foreach (var text in texts)
                {
                    if (!LazyVersionList.IsValid(text))
                    {
                        throw Error(start, string.Format(Messages.PageErrorVersion, text));
                    }
                }

                parsedVersions = new LazyVersionList(texts);
            }

            return new CatalogSpec(
                name,
                parsedVersions,
                hash,
                platform,
                os,
                target,
                _interner.Compiler(compiler),
                variants is null ? VariantSet.Empty : _interner.Variants(variants),
                stacks is null ? [] : _interner.List(stacks),
                tag,
                start);
        }

        private string Scalar(ref Utf8JsonReader reader, string key)
        {
            reader.Read();
            return ScalarValue(ref reader, key);
        }

        [MethodImpl(HotPath.Options)]
        private string ScalarValue(ref Utf8JsonReader reader, string key) =>
            reader.TokenType switch
            {
                JsonTokenType.String => reader.ValueIsEscaped ? reader.GetString()! : _interner.String(reader.ValueSpan),
                // YAML hands numbers, booleans and null over as their text; so does this reader.
                JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null => _interner.String(reader.ValueSpan),
                _ => throw Error(ref reader, string.Format(Messages.PageErrorFieldType, key, Messages.FieldShapeString)),
            };

        [MethodImpl(HotPath.Options)]
        private List<string> Strings(ref Utf8JsonReader reader, string key, List<string> values)
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw Error(ref reader, string.Format(Messages.PageErrorFieldType, key, Messages.FieldShapeList));
            }

            values.Clear();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                values.Add(ScalarValue(ref reader, key + "[]"));
            }

            return values;
        }

        private SourceLocation Location(long jsonOffset)
        {
            var offset = _valueOffset + (int)jsonOffset;
            return new SourceLocation(_path, _lineNumber, _ascii ? offset + 1 : Utf8Text.Column(_line, offset));
        }

        private CatalogFormatException Error(ref Utf8JsonReader reader, string message) => Error(Location(reader.TokenStartIndex), message);

        private static CatalogFormatException Error(SourceLocation at, string message) => new(message, at.Line, at.Column);
    }
}
