namespace CacheTasks.Specs;

/// <summary>
/// The variants of a concrete (catalog) spec, from the page's strings: <c>+v</c>, <c>~v</c>,
/// <c>k=a,b</c> and <c>k:=a,b</c> (newer pages write concrete multi-valued variants with
/// <c>:=</c>; both spellings mean the spec's value set).
/// </summary>
public sealed class VariantSet
{
    public const string PatchesVariant = "patches";

    /// <summary>The value of <c>k=*</c>: any value.</summary>
    public const string AnyValue = "*";

    // Built on first use: a catalog holds tens of thousands of specs, and only those of the
    // packages that requirements name are ever asked about.
    private Dictionary<string, HashSet<string>>? _parsed;

    private VariantSet(IReadOnlyList<string> written)
    {
        Written = written;
    }

    public static VariantSet Empty { get; } = new([]);

    /// <summary>The variants as the catalog wrote them, for reports.</summary>
    public IReadOnlyList<string> Written { get; }

    public IEnumerable<string> Names => Values.Keys;

    private Dictionary<string, HashSet<string>> Values => _parsed ??= Parse(Written);

    public static VariantSet FromStrings(IReadOnlyList<string> written) => written.Count == 0 ? Empty : new VariantSet(written);

    private static Dictionary<string, HashSet<string>> Parse(IReadOnlyList<string> written)
    {
        var values = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var entry in written)
        {
            var text = entry.Trim();
            if (text.Length < 2)
            {
                continue;
            }

            if (text[0] is '+' or '~' or '-')
            {
                var name = text.TrimStart('+', '~', '-');
                values[name] = [text[0] == '+' ? VariantRequest.True : VariantRequest.False];
                continue;
            }

            var equals = text.IndexOf('=');
            if (equals <= 0)
            {
                // A bare name: older pages list variant names without values. It says only that
                // the variant exists, so it can satisfy no value request.
                values[text] = new HashSet<string>(StringComparer.Ordinal);
                continue;
            }

            var key = text.Substring(0, equals).TrimEnd(':');
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var value in text.Substring(equals + 1).Split(','))
            {
                if (value.Length > 0)
                {
                    set.Add(VariantRequest.NormalizeValue(value));
                }
            }

            values[key] = set;
        }

        return values;
    }

    public bool Has(string name) => Values.ContainsKey(name);

    /// <summary>Whether this spec has the variant value(s) the request asks for.</summary>
    public bool Satisfies(VariantRequest request)
    {
        if (!Values.TryGetValue(request.Name, out var have))
        {
            return false;
        }

        // k=* asks only that the variant be set, to any value (Spack's test_satisfies_single_valued_variant).
        if (request.Values.Count == 1 && request.Values[0] == AnyValue)
        {
            return true;
        }

        if (request.Name == PatchesVariant)
        {
            return SatisfiesPatches(request, have);
        }

        foreach (var wanted in request.Values)
        {
            if (!have.Contains(wanted))
            {
                return false;
            }
        }

        return !request.Exact || have.Count == request.Values.Count;
    }

    // Pages print patch hashes cut to 7 characters, so a requested hash matches a page value that
    // is a prefix of it, and a short requested prefix matches a longer page value.
    private static bool SatisfiesPatches(VariantRequest request, HashSet<string> have)
    {
        foreach (var wanted in request.Values)
        {
            if (!have.Any(h => h.StartsWith(wanted, StringComparison.Ordinal) || wanted.StartsWith(h, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return !request.Exact || have.Count == request.Values.Count;
    }
}
