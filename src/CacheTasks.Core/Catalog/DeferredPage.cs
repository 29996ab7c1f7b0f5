using CacheTasks.Concrete;
using CacheTasks.IO;

namespace CacheTasks.Catalog;

/// <summary>
/// A cache page that a load checked but did not build (<see cref="SpecDetailsChecker"/>): its specs
/// are built from the file, by the same checker (which gives what the full page reader gives), when
/// its package is looked up. A check
/// names a few packages of thousands, so a load builds the specs of a few pages; every page is
/// still checked, so its diagnostics come whether or not it is looked up.
/// </summary>
/// <remarks>
/// The file is read again only while it has the stamp the load (or the parsed cache) saw, and must
/// give the package, tag, and each spec's arch and stacks it gave then (its <see cref="PageFacts"/>);
/// otherwise it changed since and the check cannot go on from it (CT2006, as for a mirror index),
/// never an answer from other bytes.
/// </remarks>
internal sealed class DeferredPage(string path, string? folderTag, FileStamp stamp, string name, int count, Func<PageFacts> facts)
{
    private readonly object _gate = new();
    private IReadOnlyList<CatalogSpec>? _specs;

    public string Path => path;

    public string Name => name;

    public int Count => count;

    /// <summary>The page's specs, read from the file the first time they are asked for.</summary>
    /// <exception cref="IndexChangedException">The page is not the one the load read (CT2006).</exception>
    public IReadOnlyList<CatalogSpec> Specs()
    {
        lock (_gate)
        {
            return _specs ??= Read();
        }
    }

    private bool Matches(List<CatalogSpec> specs, PageFacts known)
    {
        if (specs.Count != count || known.Count != count || !string.Equals(known.Name, name, StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            if (!string.Equals(spec.Name, name, StringComparison.Ordinal) || !string.Equals(spec.Tag, known.Tag, StringComparison.Ordinal)
                || !string.Equals(spec.Platform, known.Platforms[i], StringComparison.Ordinal) || !string.Equals(spec.Os, known.Oses[i], StringComparison.Ordinal)
                || !string.Equals(spec.Target, known.Targets[i], StringComparison.Ordinal) || !spec.Stacks.SequenceEqual(known.Stacks[i], StringComparer.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private IReadOnlyList<CatalogSpec> Read()
    {
        if (FileStamp.Of(path) != stamp)
        {
            throw IndexChangedException.Page(path);
        }

        try
        {
            var bytes = File.ReadAllBytes(path);
            // Built by the checker that vouched for the page at the load (the same specs the full
            // reader gives); a page it no longer vouches for is not the page the load checked.
            var specs = bytes.LongLength == stamp.Length && Utf8Text.FirstInvalidByte(bytes) < 0 ? JsonLinePageReader.BuildChecked(path, bytes, folderTag, new CatalogInterner()) : null;
            if (specs is null || !Matches(specs, facts()))
            {
                throw IndexChangedException.Page(path);
            }

            return specs;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not IndexChangedException)
        {
            throw IndexChangedException.Page(path);
        }
    }
}
