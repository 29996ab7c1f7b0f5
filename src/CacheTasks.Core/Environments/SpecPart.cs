using CacheTasks.Diagnostics;

namespace CacheTasks.Environments;

/// <summary>
/// One constraint of an environment spec as Spack sees it: a spec string and where its first
/// character is, or (<see cref="Segments"/>) the strings of a nested or sigiled matrix combination
/// joined by spaces into one string, as environment/list.py joins them, each keeping its place.
/// </summary>
internal sealed record SpecPart(string Text, SourceLocation Location)
{
    /// <summary>For a joined part: each joined string and its offset in <see cref="Text"/>; null for a plain string.</summary>
    public IReadOnlyList<(int Offset, SpecPart Part)>? Segments { get; private init; }

    /// <summary>Joins the constraints of one combination into one spec string, flattening parts that are joined already.</summary>
    public static SpecPart Joined(IEnumerable<SpecPart> parts)
    {
        var segments = new List<(int Offset, SpecPart Part)>();
        var builder = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            foreach (var (_, plain) in part.Plain())
            {
                var text = plain.Text.Trim();
                if (text.Length == 0)
                {
                    continue;
                }

                if (builder.Length > 0)
                {
                    builder.Append(' ');
                }

                segments.Add((builder.Length, new SpecPart(text, Shift(plain.Location, plain.Text.Length - plain.Text.TrimStart().Length))));
                builder.Append(text);
            }
        }

        return new SpecPart(builder.ToString(), segments.Count > 0 ? segments[0].Part.Location : new SourceLocation(string.Empty, 0, 0)) { Segments = segments };
    }

    /// <summary>The same constraint with a sigil before it (<c>$^name</c> applied to this spec).</summary>
    public SpecPart WithSigil(string sigil)
    {
        var location = Location with { Column = Math.Max(1, Location.Column - sigil.Length) };
        if (Segments is null)
        {
            return new SpecPart(sigil + Text, location);
        }

        var segments = Segments.Select((s, i) => i == 0 ? (0, new SpecPart(sigil + s.Part.Text, location)) : (s.Offset + sigil.Length, s.Part)).ToList();
        return new SpecPart(sigil + Text, location) { Segments = segments };
    }

    /// <summary>Where the characters from <paramref name="start"/> to <paramref name="end"/> were written: offsets relative to <paramref name="start"/>.</summary>
    public IEnumerable<(int Offset, SourceLocation Location)> LocationsOf(int start, int end)
    {
        foreach (var (offset, plain) in Plain())
        {
            var segmentEnd = offset + plain.Text.Length;
            if (segmentEnd <= start && Segments is not null)
            {
                continue;
            }

            if (offset >= end && Segments is not null)
            {
                break;
            }

            var from = Math.Max(offset, start);
            yield return (from - start, Shift(plain.Location, from - offset));
        }
    }

    private IEnumerable<(int Offset, SpecPart Part)> Plain() =>
        Segments ?? [(0, this)];

    private static SourceLocation Shift(SourceLocation location, int columns) =>
        location.Column > 0 ? location with { Column = location.Column + columns } : location;
}
