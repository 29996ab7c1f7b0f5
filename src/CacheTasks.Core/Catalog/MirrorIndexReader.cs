using System.Text.Json;
using CacheTasks.Concrete;
using CacheTasks.IO;

namespace CacheTasks.Catalog;

/// <summary>
/// Reads a Spack mirror's build-cache <c>index.json</c> (a Spack Database file, versions 6, 7 and 8)
/// into catalog specs: every install that is in the build cache becomes one spec, with its
/// dependency graph.
/// </summary>
/// <remarks>
/// <para>
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
/// </para>
/// <para>
/// Each install's <c>dependencies</c> (name, hash, <c>deptypes</c>, <c>virtuals</c>) become
/// <see cref="CatalogSpec.Dependencies"/>, resolved by hash to the dependency's own spec of the same
/// index. Installs that are not in the build cache (externals, and in version 8 the compilers) are
/// nodes of the graph but not catalog binaries. A dependency the index does not list, an edge that
/// closes a cycle, or <c>virtuals</c> that are not a list is a <see cref="CatalogProblem"/> at the
/// install: that edge (or its virtuals) is left out and the rest is used.
/// </para>
/// <para>
/// The file is streamed through one buffer (1 MiB, grown only for a single value larger than that),
/// checked for UTF-8 as it is read, and each install's line and column are counted in one forward
/// pass: a 150 MB one-line index costs one read of it (see bench/README.md).
/// </para>
/// </remarks>
public static partial class MirrorIndexReader
{
    /// <summary>The file name Spack gives a build-cache index.</summary>
    public const string IndexFileName = "index.json";

    internal const int DefaultBufferSize = 1 << 20;

    /// <summary>The largest single JSON value (a string, or one install) the buffer grows to hold.</summary>
    internal const int MaxValueBytes = 1 << 30;

    private static readonly string[] SupportedVersions = ["6", "7", "8"];

    /// <summary>The binaries an index lists (whole in memory, for tests and fuzzing).</summary>
    /// <exception cref="CatalogFormatException">The file is not a readable index of a supported version.</exception>
    public static IReadOnlyList<CatalogSpec> Read(string path, byte[] utf8, List<CatalogProblem>? problems = null)
    {
        using var stream = new MemoryStream(utf8, writable: false);
        return Read(path, stream, problems);
    }

    /// <summary>The binaries an index lists, read from <paramref name="stream"/> front to back.</summary>
    /// <exception cref="CatalogFormatException">The file is not a readable index of a supported version.</exception>
    public static IReadOnlyList<CatalogSpec> Read(string path, Stream stream, List<CatalogProblem>? problems = null) =>
        Read(path, stream, new CatalogInterner(), problems, DefaultBufferSize);

    // maxValueBytes: the largest single value read (MaxValueBytes; smaller in tests).
    internal static IReadOnlyList<CatalogSpec> Read(string path, Stream stream, CatalogInterner interner, List<CatalogProblem>? problems, int bufferSize, int maxValueBytes = MaxValueBytes) =>
        Parse(new Parser(path, stream, interner, bufferSize, maxValueBytes), problems, parser => parser.Resolve());

    /// <summary>The index skimmed into a table, its installs scanned as bytes where they can be (see below).</summary>
    /// <exception cref="CatalogFormatException">The file is not a readable index of a supported version.</exception>
    internal static IndexTable ReadTable(string path, Stream stream, FileStamp stamp, CatalogInterner interner, List<CatalogProblem>? problems, IndexSplit? split = null) =>
        ReadTable(path, stream, stamp, interner, problems, split, scan: true, out _);

    /// <summary>
    /// The index skimmed into a table (<see cref="IndexTable"/>): the whole file is checked as
    /// <see cref="Read(string, Stream, List{CatalogProblem}?)"/> checks it, with the same problems, but
    /// each install is kept only as its place in the file; it is decoded from there, and its spec
    /// built, when its package is looked up. <paramref name="stamp"/> is the file's as the read began.
    /// </summary>
    /// <remarks>
    /// With <paramref name="split"/>, later parts of the file are skimmed on other threads and
    /// taken where they start between two installs (<see cref="IndexSplit"/>); with
    /// <paramref name="scan"/> (a seekable stream), installs as Spack writes them are scanned as
    /// bytes rather than through the JSON reader. Either way the table, its problems and its errors
    /// are the one-thread JSON reader's skim's; <c>scanned</c> says how many installs were
    /// scanned (for tests).
    /// </remarks>
    /// <exception cref="CatalogFormatException">The file is not a readable index of a supported version.</exception>
    internal static IndexTable ReadTable(string path, Stream stream, FileStamp stamp, CatalogInterner interner, List<CatalogProblem>? problems, IndexSplit? split, bool scan, out int scanned)
    {
        scanned = 0;
        scan &= stream.CanSeek;
        if (split is not null || scan)
        {
            var parser = new Parser(path, stream, interner, DefaultBufferSize, MaxValueBytes, skim: true, split, scan);
            try
            {
                var table = Parse(parser, problems, read => read.SkimTable(stamp));
                scanned = parser.Scanned;
                return table;
            }
            catch (CatalogFormatException) when (parser.Merged || parser.Scanned > 0)
            {
                // An error found after a part was taken, or an install scanned, is found again by
                // the JSON reader alone, which places it as always (see Parser.Merged, Parser.Scanned).
                stream.Position = 0;
            }
        }

        return Parse(new Parser(path, stream, interner, DefaultBufferSize, MaxValueBytes, skim: true), problems, parser => parser.SkimTable(stamp));
    }

    private static T Parse<T>(Parser created, List<CatalogProblem>? problems, Func<Parser, T> result)
    {
        using var parser = created;
        try
        {
            parser.Read();
            var read = result(parser);
            problems?.AddRange(parser.Problems);
            return read;
        }
        catch (JsonException e)
        {
            throw new CatalogFormatException(
                string.Format(Messages.IndexErrorJson, JsonErrorText.Reason(e.Message)),
                (int)(e.LineNumber ?? -1) + 1,
                (int)Math.Min((e.BytePositionInLine ?? -1) + 1, int.MaxValue),
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
}
