using CacheTasks.Concrete;
using CacheTasks.Diagnostics;
using CacheTasks.IO;
using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Catalog;

/// <summary>
/// Checks a page's <c>spec_details</c> line without building its specs: it accepts the page only
/// when the full reader (<see cref="JsonLinePageReader"/>) would read every entry without an error,
/// and keeps of each entry only its arch and stacks (<see cref="PageFacts"/>). Anything it is not
/// sure of (JSON outside <see cref="JsonLineScanner"/>'s subset, a key given twice, a missing or
/// mistyped field, a version Spack cannot read, no entry at all) makes it give up, and the caller
/// reads the page in full as before: so every diagnostic, at its line and column, comes from the
/// one full reader. A page it vouched for is built by it too, when its package is looked up
/// (<see cref="Build"/>): the same specs as the full reader's, without tokenising the JSON again.
/// </summary>
internal readonly ref struct SpecDetailsChecker(string path, ReadOnlySpan<byte> line, int valueOffset, int lineNumber, CatalogInterner interner)
{
    // An empty list handed out when a list's values are not kept; never added to.
    private static readonly List<string> NoValues = [];

    private const int Hash = 1, Compiler = 2, Versions = 4, Os = 8, PlatformKey = 16, Target = 32, Variants = 64, Stacks = 128, Arches = 256, Size = 512, Tarball = 1024;

    private readonly ReadOnlySpan<byte> _line = line;
    private readonly ReadOnlySpan<byte> _value = line.Slice(valueOffset);

    /// <summary>The page's facts, or null when the page must be read in full.</summary>
    public PageFacts? Check(string name, string? tag)
    {
        var platforms = new List<string>();
        var oses = new List<string>();
        var targets = new List<string>();
        var stacks = new List<IReadOnlyList<string>>();
        var ok = Scan(name, tag, specs: null, ascii: false, (platform, os, target, entryStacks) =>
        {
            platforms.Add(platform);
            oses.Add(os);
            targets.Add(target);
            stacks.Add(entryStacks);
        });
        return ok ? new PageFacts(name, tag, platforms.ToArray(), oses.ToArray(), targets.ToArray(), stacks.ToArray()) : null;
    }

    /// <summary>The page's specs as the full reader gives them, or null when the page is not one <see cref="Check"/> vouches for.</summary>
    public List<CatalogSpec>? Build(string name, string? tag)
    {
        var specs = new List<CatalogSpec>();
        return Scan(name, tag, specs, Utf8Text.IsAscii(_line), facts: null) ? specs : null;
    }

    private bool Scan(string name, string? tag, List<CatalogSpec>? specs, bool ascii, Action<string, string, string, IReadOnlyList<string>>? facts)
    {
        var scanner = new JsonLineScanner(_value);
        if (!scanner.Take((byte)'[') || scanner.Take((byte)']'))
        {
            return false;
        }

        do
        {
            if (!Entry(ref scanner, name, tag, specs, ascii, facts))
            {
                return false;
            }
        }
        while (scanner.Take((byte)','));

        // The generator writes nothing after the list; the full reader would fail on anything else.
        return scanner.Take((byte)']') && scanner.AtEnd;
    }

    private bool Entry(ref JsonLineScanner scanner, string name, string? tag, List<CatalogSpec>? specs, bool ascii, Action<string, string, string, IReadOnlyList<string>>? facts)
    {
        var build = specs is not null;
        string? platform = null, os = null, target = null, arches = null, hash = null, compiler = null;
        IReadOnlyList<string> stacks = [];
        IReadOnlyList<string> variants = [];
        IReadOnlyList<SpackVersion>? versions = null;
        var seen = 0;
        // Keys the full reader does not use: it leaves an entry that repeats one to the YAML reader.
        var others = 0;
        Span<(int Start, int Length)> otherKeys = stackalloc (int, int)[8];
        if (!scanner.Take((byte)'{') || scanner.Peek((byte)'}'))
        {
            return false;
        }

        // Where the full reader locates the entry: its opening brace.
        var start = scanner.Position - 1;

        do
        {
            if (!scanner.String(out var key))
            {
                return false;
            }

            // The key's text ends just before its closing quote.
            var keyStart = scanner.Position - 1 - key.Length;
            if (!scanner.Take((byte)':'))
            {
                return false;
            }

            var bit = KeyBit(key);
            if (bit == 0)
            {
                for (var i = 0; i < others; i++)
                {
                    if (_value.Slice(otherKeys[i].Start, otherKeys[i].Length).SequenceEqual(key))
                    {
                        return false;
                    }
                }

                if (others == otherKeys.Length)
                {
                    return false;
                }

                otherKeys[others++] = (keyStart, key.Length);
                if (!scanner.SkipValue(1))
                {
                    return false;
                }

                continue;
            }

            if ((seen & bit) != 0)
            {
                return false;
            }

            seen |= bit;
            var read = bit switch
            {
                Hash => HashText(ref scanner, build, out hash),
                Compiler => build ? ScalarText(ref scanner, out compiler) : scanner.Scalar(out _),
                Os => ScalarText(ref scanner, out os),
                PlatformKey => ScalarText(ref scanner, out platform),
                Target => ScalarText(ref scanner, out target),
                Arches => ScalarText(ref scanner, out arches),
                Versions => VersionList(ref scanner, out versions),
                Variants => VariantList(ref scanner, build, out variants),
                Stacks => StackList(ref scanner, out stacks),
                // size and tarball: in every entry the generator writes, and not used.
                _ => scanner.SkipValue(1),
            };
            if (!read)
            {
                return false;
            }
        }
        while (scanner.Take((byte)','));

        if (!scanner.Take((byte)'}') || (seen & (Hash | Versions)) != (Hash | Versions))
        {
            return false;
        }

        if (arches is not null)
        {
            // The oldest generator wrote one "platform-os-target" string; it wins over the three fields.
            if (!SpackArch.TryParse(arches, out var arch))
            {
                return false;
            }

            (platform, os, target) = (arch!.Platform, arch.Os, arch.Target);
        }
        else if (platform is null || os is null || target is null)
        {
            return false;
        }

        facts?.Invoke(platform, os, target, stacks);
        if (specs is not null)
        {
            specs.Add(new CatalogSpec(
                name,
                versions!,
                hash,
                platform,
                os,
                target,
                interner.Compiler(compiler),
                variants.Count == 0 ? VariantSet.Empty : interner.Variants(interner.VariantScratch),
                stacks,
                tag,
                Location(start, ascii)));
        }

        return true;
    }

    // As the full reader locates a token: its line, and its column counted in characters.
    private SourceLocation Location(int valueIndex, bool ascii)
    {
        var offset = valueOffset + valueIndex;
        return new SourceLocation(path, lineNumber, ascii ? offset + 1 : Utf8Text.Column(_line, offset));
    }

    // Hashes are unique: not interned (the full reader's choice too); only a build keeps them.
    private static bool HashText(ref JsonLineScanner scanner, bool build, out string? hash)
    {
        hash = null;
        if (!scanner.Scalar(out var text))
        {
            return false;
        }

        hash = build ? Utf8Text.GetString(text) : string.Empty;
        return true;
    }

    private static int KeyBit(ReadOnlySpan<byte> key) => key.Length switch
    {
        2 when key.SequenceEqual("os"u8) => Os,
        4 when key.SequenceEqual("hash"u8) => Hash,
        4 when key.SequenceEqual("size"u8) => Size,
        6 when key.SequenceEqual("target"u8) => Target,
        6 when key.SequenceEqual("stacks"u8) => Stacks,
        6 when key.SequenceEqual("arches"u8) => Arches,
        7 when key.SequenceEqual("tarball"u8) => Tarball,
        8 when key.SequenceEqual("compiler"u8) => Compiler,
        8 when key.SequenceEqual("versions"u8) => Versions,
        8 when key.SequenceEqual("platform"u8) => PlatformKey,
        8 when key.SequenceEqual("variants"u8) => Variants,
        _ => 0,
    };

    // A scalar's text as the full reader takes it (a number or literal as written), interned as it does.
    private bool ScalarText(ref JsonLineScanner scanner, out string? text)
    {
        text = null;
        if (!scanner.Scalar(out var content))
        {
            return false;
        }

        text = interner.String(content);
        return true;
    }

    // Every version as the full reader checks it (LazyVersionList.IsValid) and keeps it: one shared
    // list for a single version, else a list of its own; an empty list is no error.
    private bool VersionList(ref JsonLineScanner scanner, out IReadOnlyList<SpackVersion>? versions)
    {
        versions = null;
        var texts = interner.Versions;
        if (!ScalarList(ref scanner, texts, out _))
        {
            return false;
        }

        if (texts.Count == 1)
        {
            versions = interner.Version(texts[0]);
            return versions is not null;
        }

        foreach (var text in texts)
        {
            if (!LazyVersionList.IsValid(text))
            {
                return false;
            }
        }

        versions = new LazyVersionList(texts.ToArray());
        return true;
    }

    // A build keeps the written variants (in the interner's scratch list, for Variants() to share).
    private bool VariantList(ref JsonLineScanner scanner, bool build, out IReadOnlyList<string> variants)
    {
        var read = ScalarList(ref scanner, build ? interner.VariantScratch : null, out var written);
        variants = written;
        return read;
    }

    // The stacks as the full reader keeps them: one shared list per distinct content.
    private bool StackList(ref JsonLineScanner scanner, out IReadOnlyList<string> stacks)
    {
        var read = ScalarList(ref scanner, interner.StackScratch, out var texts);
        stacks = texts.Count == 0 ? [] : interner.List(texts);
        return read;
    }

    /// <summary>A list of scalars, their (interned) texts put in <paramref name="scratch"/> when one is given.</summary>
    private bool ScalarList(ref JsonLineScanner scanner, List<string>? scratch, out List<string> values)
    {
        values = scratch ?? NoValues;
        scratch?.Clear();
        if (!scanner.Take((byte)'['))
        {
            return false;
        }

        if (scanner.Take((byte)']'))
        {
            return true;
        }

        do
        {
            if (!scanner.Scalar(out var content))
            {
                return false;
            }

            scratch?.Add(interner.String(content));
        }
        while (scanner.Take((byte)','));
        return scanner.Take((byte)']');
    }
}
