using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CacheTasks.IO;

namespace CacheTasks.Run;

/// <summary>
/// A SHA-256 over a sequence of values, each written with its length, so that no two different
/// sequences write the same text ("ab","c" and "a","bc" differ; null differs from empty).
/// </summary>
internal sealed class CheckKey : IDisposable
{
    // Text is gathered and hashed in chunks: a key over a lock file's closures is megabytes of text.
    private const int ChunkLength = 1 << 16;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly StringBuilder _text = new();

    public CheckKey Add(string? value)
    {
        if (value is null)
        {
            _text.Append("-\n");
        }
        else
        {
            _text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
        }

        if (_text.Length >= ChunkLength)
        {
            Flush();
        }

        return this;
    }

    public CheckKey Add(int value) => Add(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>The hash, as 64 hex digits.</summary>
    public string Finish()
    {
        Flush();
        return HexText.Of(_hash.GetHashAndReset());
    }

    public void Dispose() => _hash.Dispose();

    private void Flush()
    {
        var bytes = Encoding.UTF8.GetBytes(_text.ToString());
        _hash.AppendData(bytes);
        _text.Clear();
    }
}
