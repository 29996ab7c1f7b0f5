using CacheTasks.Diagnostics;

namespace CacheTasks.Platform;

/// <summary>
/// The CPU microarchitectures CacheTasks knows and how they descend from each other. A binary
/// built for a target runs on that target and on every descendant of it (an <c>x86_64_v3</c>
/// binary runs on <c>zen3</c>), never across families (x86_64, aarch64, ppc64le, …).
/// </summary>
public sealed class MicroarchitectureTable
{
    private const string EmbeddedResourceName = "CacheTasks.Platform.Data.microarchitectures.txt";

    private static readonly Lazy<MicroarchitectureTable> EmbeddedTable = new(LoadEmbedded);

    private readonly Dictionary<string, Microarchitecture> _targets;
    private readonly Dictionary<string, HashSet<string>> _ancestors;
    private readonly HashSet<string> _cyclic = new(StringComparer.Ordinal);

    public MicroarchitectureTable(
        IEnumerable<Microarchitecture> targets,
        IReadOnlyDictionary<string, string>? armVendors = null,
        IReadOnlyList<KeyValuePair<string, string>>? darwinFlags = null)
    {
        _targets = targets.ToDictionary(t => t.Name, StringComparer.Ordinal);
        _ancestors = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var name in _targets.Keys)
        {
            _ancestors[name] = CollectAncestors(name);
        }

        ArmVendors = armVendors ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        DarwinFlags = darwinFlags ?? [];
    }

    /// <summary>ARM <c>CPU implementer</c> codes (<c>0x41</c>) and the vendor names targets use (<c>ARM</c>).</summary>
    public IReadOnlyDictionary<string, string> ArmVendors { get; }

    /// <summary>macOS sysctl flag spellings (space-separated, all needed) and the Linux flags they stand for.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> DarwinFlags { get; }

    /// <summary>The table CacheTasks ships, built from archspec's facts.</summary>
    public static MicroarchitectureTable Embedded => EmbeddedTable.Value;

    public IEnumerable<Microarchitecture> Targets => _targets.Values;

    public IEnumerable<string> Names => _targets.Keys;

    public bool Contains(string name) => _targets.ContainsKey(name);

    public Microarchitecture? Find(string name) => _targets.TryGetValue(name, out var target) ? target : null;

    /// <summary>Every target <paramref name="name"/> descends from, transitively (not itself).</summary>
    public IReadOnlyCollection<string> AncestorsOf(string name) =>
        _ancestors.TryGetValue(name, out var ancestors) ? ancestors : (IReadOnlyCollection<string>)Array.Empty<string>();

    /// <summary>The root of the target's family: x86_64, aarch64, ppc64le, …</summary>
    public string FamilyOf(string name)
    {
        if (!_targets.TryGetValue(name, out var target))
        {
            return name;
        }

        var roots = AncestorsOf(name).Where(a => _targets[a].Parents.Count == 0).ToList();
        return target.Parents.Count == 0 ? name : roots.OrderBy(r => r, StringComparer.Ordinal).First();
    }

    /// <summary>
    /// Whether a binary built for <paramref name="binaryTarget"/> runs on <paramref name="machineTarget"/>:
    /// the same target, or one the machine's target descends from.
    /// </summary>
    public bool RunsOn(string binaryTarget, string machineTarget) =>
        binaryTarget == machineTarget || AncestorsOf(machineTarget).Contains(binaryTarget);

    /// <summary>Reads the table from CacheTasks' own line format (see Platform/Data/microarchitectures.txt).</summary>
    public static MicroarchitectureTable Parse(TextReader reader)
    {
        var targets = new List<Microarchitecture>();
        var armVendors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var darwinFlags = new List<KeyValuePair<string, string>>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line[0] == '!')
            {
                var (kind, rest) = SplitFirst(line.Substring(1));
                if (kind == "arm_vendor")
                {
                    var (code, vendor) = SplitFirst(rest);
                    armVendors[code] = vendor;
                }
                else if (kind == "darwin_flags" && rest.IndexOf('|') is var bar and > 0)
                {
                    darwinFlags.Add(new KeyValuePair<string, string>(rest.Substring(0, bar), rest.Substring(bar + 1)));
                }

                continue;
            }

            var fields = line.Split(' ');
            targets.Add(new Microarchitecture(
                Name: fields[0],
                Vendor: fields[1],
                Parents: List(fields[2]),
                Features: new HashSet<string>(List(fields[5]), StringComparer.Ordinal),
                CpuPart: fields[3] == "-" ? null : fields[3],
                Generation: int.Parse(fields[4], System.Globalization.CultureInfo.InvariantCulture)));
        }

        return new MicroarchitectureTable(targets, armVendors, darwinFlags);
    }

    private static (string Head, string Tail) SplitFirst(string text)
    {
        var space = text.IndexOf(' ');
        return space < 0 ? (text, string.Empty) : (text.Substring(0, space), text.Substring(space + 1));
    }

    /// <summary>
    /// Reads an archspec-format <c>microarchitectures.json</c> (the <c>SpackMicroarchitectures</c>
    /// property) to use instead of the embedded table, so a CPU archspec has just learned needs no
    /// new CacheTasks release. A file that cannot be read or is not in archspec's shape is a
    /// CT3002 error with its line and column, and the result is null.
    /// </summary>
    public static MicroarchitectureTable? LoadArchspecJson(string path, ICollection<Diagnostic> diagnostics)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            diagnostics.Add(BadTable(path, 0, 0, Messages.MicroarchitecturesMissingFile));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            diagnostics.Add(BadTable(path, 0, 0, e.Message.TrimEnd('.')));
            return null;
        }

        return ArchspecJson.Read(text, path, diagnostics);
    }

    internal static Diagnostic BadTable(string path, int line, int column, string reason) =>
        new(DiagnosticCodes.UnknownArch, DiagnosticSeverity.Error, string.Format(Messages.MicroarchitecturesUnreadable, path, reason), new SourceLocation(path, line, column));

    private static string[] List(string field) => field == "-" ? [] : field.Split(',');

    private static MicroarchitectureTable LoadEmbedded()
    {
        using var stream = typeof(MicroarchitectureTable).Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {EmbeddedResourceName} is missing from CacheTasks.Core.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }

    /// <summary>Whether <paramref name="name"/> descends from itself (only a bad user-given table can say so).</summary>
    internal bool IsInCycle(string name) => _cyclic.Contains(name);

    private HashSet<string> CollectAncestors(string name)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(name);
        while (pending.Count > 0)
        {
            if (!_targets.TryGetValue(pending.Pop(), out var target))
            {
                continue;
            }

            foreach (var parent in target.Parents)
            {
                if (result.Add(parent))
                {
                    pending.Push(parent);
                }
            }
        }

        if (result.Remove(name))
        {
            _cyclic.Add(name);
        }

        return result;
    }
}
