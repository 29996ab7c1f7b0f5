using System.Buffers;
using System.Text.Json;
using CacheTasks.Concrete;
using CacheTasks.IO;

namespace CacheTasks.Catalog;

/// <summary>
/// The index file a skim (<see cref="IndexSkim"/>) points into, read again one install at a time
/// when a check reaches it. One handle per load, opened at the first install read and only when the
/// file still has the stamp the skim (or the parsed cache) saw; it allows the file to be replaced
/// (a mirror refresh renames a new copy over it), which the open handle does not see. An install
/// that does not read back as the one skimmed there means the file was rewritten in place: that
/// is an <see cref="IndexChangedException"/> (CT2006), never a wrong answer.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The handle lives as long as the catalog, which a build may keep for all its projects and nothing disposes; it is read-only and lets the file be replaced, and the runtime closes it with the catalog.")]
internal sealed class IndexFile(string path, FileStamp stamp, CatalogInterner interner)
{
    private readonly object _gate = new();
    private readonly NodeDictReader _nodes = new(interner) { Final = true };
    private FileStream? _stream;

    public string Path => path;

    /// <summary>The size and time of the file the skim read.</summary>
    public FileStamp Stamp => stamp;

    /// <summary>Install <paramref name="install"/> of <paramref name="skim"/>, decoded whole, its edges' targets being installs (-1: left out).</summary>
    /// <exception cref="IndexChangedException">The file is not the one skimmed (or gone).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public NodeDict Decode(IndexSkim skim, int install)
    {
        lock (_gate)
        {
            var length = skim.Lengths[install];
            var buffer = ArrayPool<byte>.Shared.Rent(length + 2);
            try
            {
                // The range is one property ("key": {...}) of the installs mapping: braced, it is a document.
                buffer[0] = (byte)'{';
                ReadAt(skim.Offsets[install], buffer, 1, length);
                buffer[length + 1] = (byte)'}';
                var reader = new Utf8JsonReader(buffer.AsSpan(0, length + 2), isFinalBlock: true, default);
                reader.Read();
                var node = MirrorIndexReader.ReadInstall(ref reader, _nodes, skim.Lines[install], skim.Columns[install])
                    ?? throw Changed();
                if (!string.Equals(node.Name, skim.Names[install], StringComparison.Ordinal) || node.InBuildCache != skim.InBuildCache[install] || node.Edges.Length != skim.EdgeCount(install))
                {
                    throw Changed();
                }

                for (var e = 0; e < node.Edges.Length; e++)
                {
                    node.Edges[e].Target = skim.Targets[skim.EdgeStarts[install] + e];
                }

                return node;
            }
            catch (Exception e) when (e is JsonException or NodeDictException or NodeDictReader.NeedMoreData or InvalidOperationException)
            {
                throw Changed();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private void ReadAt(long offset, byte[] buffer, int at, int length)
    {
        if (_stream is null)
        {
            if (FileStamp.Of(path) != stamp)
            {
                throw Changed();
            }

            _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1);
            if (_stream.Length != stamp.Length)
            {
                throw Changed();
            }
        }

        _stream.Position = offset;
        var read = 0;
        int got;
        while (read < length && (got = _stream.Read(buffer, at + read, length - read)) > 0)
        {
            read += got;
        }

        if (read < length)
        {
            throw Changed();
        }
    }

    private IndexChangedException Changed() => new(path);
}
