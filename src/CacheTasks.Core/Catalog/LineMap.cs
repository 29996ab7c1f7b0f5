namespace CacheTasks.Catalog;

/// <summary>Turns byte offsets in a UTF-8 file into 1-based lines and columns for diagnostics.</summary>
internal sealed class LineMap
{
    private readonly byte[] _bytes;
    private readonly List<int> _lineStarts = [0];

    public LineMap(byte[] bytes)
    {
        _bytes = bytes;
        var span = bytes.AsSpan();
        var offset = 0;
        while (true)
        {
            var next = span.Slice(offset).IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            offset += next + 1;
            _lineStarts.Add(offset);
        }
    }

    public (int Line, int Column) Locate(long offset)
    {
        var index = _lineStarts.BinarySearch((int)offset);
        var line = index >= 0 ? index : ~index - 1;
        var start = _lineStarts[line];
        return (line + 1, Utf8Text.Column(_bytes.AsSpan(start), (int)offset - start));
    }
}
