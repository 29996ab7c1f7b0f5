using System.Runtime.CompilerServices;
using CacheTasks.IO;
using CacheTasks.Specs;

namespace CacheTasks.Concrete;

/// <summary>
/// Shares the values that repeat across a catalog's specs (os, target, compiler, variant and
/// stack strings, parsed versions, variant sets, stack lists) so each is decoded and parsed once.
/// A develop-scale catalog has ~60,000 specs but only a few thousand distinct such values. One
/// interner per loading thread: not thread-safe.
/// </summary>
internal sealed class CatalogInterner
{
    private readonly Dictionary<string, LazyVersionList?> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SpecCompiler?> _compilers = new(StringComparer.Ordinal);
    private readonly Dictionary<IReadOnlyList<string>, VariantSet> _variants = new(ReferenceListComparer.Instance);
    private readonly Dictionary<IReadOnlyList<string>, IReadOnlyList<string>> _lists = new(ReferenceListComparer.Instance);
    private string?[] _strings = new string?[1024];
    private byte[]?[] _bytes = new byte[]?[1024];
    private int _count;

    /// <summary>Scratch lists for one field at a time while a spec is read.</summary>
    public List<string> Versions { get; } = [];

    public List<string> VariantScratch { get; } = [];

    public List<string> StackScratch { get; } = [];


    /// <summary>The string for these UTF-8 bytes, the same instance each time.</summary>
    [MethodImpl(HotPath.Options)]
    public string String(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 64)
        {
            return Utf8Text.GetString(utf8);
        }

        var mask = _strings.Length - 1;
        var slot = (int)Hash(utf8) & mask;
        while (_bytes[slot] is { } existing)
        {
            if (utf8.SequenceEqual(existing))
            {
                return _strings[slot]!;
            }

            slot = (slot + 1) & mask;
        }

        var text = Utf8Text.GetString(utf8);
        _bytes[slot] = utf8.ToArray();
        _strings[slot] = text;
        if (++_count * 2 > _strings.Length)
        {
            Grow();
        }

        return text;
    }

    /// <summary>A shared one-version list (nearly every spec lists one), or null when the text is not a Spack version.</summary>
    public IReadOnlyList<SpackVersion>? Version(string text)
    {
        if (!_versions.TryGetValue(text, out var version))
        {
            _versions[text] = version = LazyVersionList.IsValid(text) ? new LazyVersionList([text]) : null;
        }

        return version;
    }

    public SpecCompiler? Compiler(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!_compilers.TryGetValue(text, out var compiler))
        {
            _compilers[text] = compiler = SpecCompiler.Parse(text);
        }

        return compiler;
    }

    /// <summary>A shared variant set for these (interned) strings; <paramref name="written"/> may be reused by the caller.</summary>
    public VariantSet Variants(List<string> written)
    {
        if (written.Count == 0)
        {
            return VariantSet.Empty;
        }

        if (!_variants.TryGetValue(written, out var set))
        {
            var copy = written.ToArray();
            _variants[copy] = set = VariantSet.FromStrings(copy);
        }

        return set;
    }

    /// <summary>A shared copy of this list of (interned) strings; <paramref name="values"/> may be reused by the caller.</summary>
    public IReadOnlyList<string> List(List<string> values)
    {
        if (values.Count == 0)
        {
            return [];
        }

        if (!_lists.TryGetValue(values, out var list))
        {
            var copy = values.ToArray();
            _lists[copy] = list = copy;
        }

        return list;
    }

    [MethodImpl(HotPath.Options)]
    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }

    private void Grow()
    {
        var strings = _strings;
        var bytes = _bytes;
        _strings = new string?[strings.Length * 2];
        _bytes = new byte[]?[bytes.Length * 2];
        var mask = _strings.Length - 1;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] is { } key)
            {
                var slot = (int)Hash(key) & mask;
                while (_bytes[slot] is not null)
                {
                    slot = (slot + 1) & mask;
                }

                _bytes[slot] = key;
                _strings[slot] = strings[i];
            }
        }
    }

    /// <summary>Lists of interned strings are equal when they hold the same instances.</summary>
    private sealed class ReferenceListComparer : IEqualityComparer<IReadOnlyList<string>>
    {
        public static readonly ReferenceListComparer Instance = new();

        public bool Equals(IReadOnlyList<string>? x, IReadOnlyList<string>? y)
        {
            if (x is null || y is null || x.Count != y.Count)
            {
                return ReferenceEquals(x, y);
            }

            for (var i = 0; i < x.Count; i++)
            {
                if (!ReferenceEquals(x[i], y[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public int GetHashCode(IReadOnlyList<string> list)
        {
            var hash = list.Count;
            for (var i = 0; i < list.Count; i++)
            {
                hash = (hash * 31) + RuntimeHelpers.GetHashCode(list[i]);
            }

            return hash;
        }
    }
}
