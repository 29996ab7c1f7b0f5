namespace CacheTasks.Diagnostics;

/// <summary>
/// "Did you mean …?" suggestions: known names within a small edit distance of what the user
/// wrote, or that contain it (so <c>torch</c> finds <c>py-torch</c>).
/// </summary>
public static class ClosestNames
{
    public static IReadOnlyList<string> Find(string wanted, IEnumerable<string> known, int count = 3)
    {
        var limit = Math.Max(2, wanted.Length / 3);
        return known
            .Select(name => (Name: name, Distance: Distance(wanted, name)))
            .Where(c => c.Distance <= limit || (wanted.Length >= 3 && c.Name.IndexOf(wanted, StringComparison.OrdinalIgnoreCase) >= 0))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(c => c.Name)
            .ToList();
    }

    /// <summary>Levenshtein distance with adjacent transpositions counted as one edit.</summary>
    public static int Distance(string a, string b)
    {
        var previousPrevious = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], previousPrevious[j - 2] + 1);
                }
            }

            (previousPrevious, previous, current) = (previous, current, previousPrevious);
        }

        return previous[b.Length];
    }
}
