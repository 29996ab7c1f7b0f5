using CacheTasks.Specs;

namespace CacheTasks.Platform;

/// <summary>
/// The glibc each known Linux os ships (embedded Platform/Data/os-glibc.txt), for
/// <c>SpackOsCompatibility=libc</c>: a binary built on an os whose glibc is not newer than the
/// machine's runs there, as Spack (0.22 and later) reuses binaries across distros.
/// </summary>
public sealed class GlibcTable
{
    private const string EmbeddedResourceName = "CacheTasks.Platform.Data.os-glibc.txt";

    private static readonly Lazy<GlibcTable> EmbeddedTable = new(LoadEmbedded);

    private readonly Dictionary<string, SpackVersion> _glibc;

    public GlibcTable(IReadOnlyDictionary<string, SpackVersion> glibc)
    {
        _glibc = new Dictionary<string, SpackVersion>(StringComparer.Ordinal);
        foreach (var entry in glibc)
        {
            _glibc[entry.Key] = entry.Value;
        }
    }

    public static GlibcTable Embedded => EmbeddedTable.Value;

    public IEnumerable<string> OperatingSystems => _glibc.Keys;

    public SpackVersion? GlibcOf(string os) => _glibc.TryGetValue(os, out var version) ? version : null;

    /// <summary>
    /// Whether a Linux binary built on <paramref name="binaryOs"/> runs on <paramref name="machineOs"/>:
    /// the same os, or both known and the binary's glibc not newer than the machine's.
    /// </summary>
    public bool RunsOn(string binaryOs, string machineOs) =>
        binaryOs == machineOs
        || (GlibcOf(binaryOs) is { } built && GlibcOf(machineOs) is { } available && built <= available);

    public static GlibcTable Parse(TextReader reader)
    {
        var glibc = new Dictionary<string, SpackVersion>(StringComparer.Ordinal);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var fields = line.Split([' '], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0][0] != '#' && SpackVersion.TryParseStandard(fields[1], out var version))
            {
                glibc[fields[0]] = version!;
            }
        }

        return new GlibcTable(glibc);
    }

    private static GlibcTable LoadEmbedded()
    {
        using var stream = typeof(GlibcTable).Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {EmbeddedResourceName} is missing from CacheTasks.Core.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
