using CacheTasks.Diagnostics;
using CacheTasks.Requirements;

namespace CacheTasks.Environments;

/// <summary>
/// One spec an environment lists: a plain string is one part; a matrix combination is one part
/// per row. The parts are joined into one spec as Spack constrains the first by the others.
/// </summary>
internal sealed class EnvironmentSpec
{
    public EnvironmentSpec(IReadOnlyList<SpecPart> parts)
    {
        Parts = parts;
        (Text, Offsets) = Join(parts);
    }

    public IReadOnlyList<SpecPart> Parts { get; }

    public string Text { get; }

    public SourceLocation Location => Parts[0].Location;

    private IReadOnlyList<RequirementTextPart> Offsets { get; }

    /// <summary>
    /// <c>$^name</c> / <c>$%name</c>: as Spack's list.py, the sigil goes on the first constraint of
    /// the spec (of each matrix combination) and the rest stay after it.
    /// </summary>
    public EnvironmentSpec WithSigil(string sigil) =>
        sigil.Length == 0 ? this : new EnvironmentSpec([Parts[0].WithSigil(sigil), .. Parts.Skip(1)]);

    /// <summary>This spec as one constraint of an enclosing matrix: a combination is joined into one string, as Spack joins a nested matrix.</summary>
    public SpecPart AsOneConstraint() => Parts.Count == 1 ? Parts[0] : SpecPart.Joined(Parts);

    public RequirementInput ToInput(string? stack, string? severity) =>
        new(Text, Stack: stack, Severity: severity, Location: Location) { Parts = Offsets.Count > 1 ? Offsets : null };

    // Spack builds a combination by constraining the first row's spec with the others, and prints
    // it as name, versions, variants and arch, then %compiler, then ^dependencies. Joining the rows
    // in that order keeps "[hdf5] [%gcc] [+mpi]" from putting +mpi after the compiler, where Spack 1.0
    // syntax would give it to the compiler.
    private static (string Text, IReadOnlyList<RequirementTextPart> Offsets) Join(IReadOnlyList<SpecPart> parts)
    {
        if (parts.Count == 1 && parts[0].Segments is null)
        {
            return (parts[0].Text.Trim(), [new RequirementTextPart(0, parts[0].Location)]);
        }

        var groups = new List<(int Order, string Text, List<(int Offset, SourceLocation Location)> Locations)>();
        foreach (var part in parts)
        {
            var text = part.Text;
            var dependency = text.IndexOf('^');
            var compiler = text.IndexOf('%');
            if (compiler > dependency && dependency >= 0)
            {
                compiler = -1;
            }

            var baseEnd = compiler >= 0 ? compiler : dependency >= 0 ? dependency : text.Length;
            Add(groups, 0, part, 0, baseEnd);
            if (compiler >= 0)
            {
                Add(groups, 1, part, compiler, dependency >= 0 ? dependency : text.Length);
            }

            if (dependency >= 0)
            {
                Add(groups, 2, part, dependency, text.Length);
            }
        }

        var builder = new System.Text.StringBuilder();
        var offsets = new List<RequirementTextPart>();
        foreach (var (_, text, locations) in groups.Select((g, i) => (g, i)).OrderBy(x => x.g.Order).ThenBy(x => x.i).Select(x => x.g))
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            offsets.AddRange(locations.Select(l => new RequirementTextPart(builder.Length + l.Offset, l.Location)));
            builder.Append(text);
        }

        return (builder.ToString(), offsets);
    }

    private static void Add(List<(int Order, string Text, List<(int Offset, SourceLocation Location)> Locations)> groups, int order, SpecPart part, int start, int end)
    {
        var piece = part.Text.Substring(start, end - start);
        var leading = piece.Length - piece.TrimStart().Length;
        piece = piece.Trim();
        if (piece.Length > 0)
        {
            groups.Add((order, piece, part.LocationsOf(start + leading, start + leading + piece.Length).ToList()));
        }
    }
}
