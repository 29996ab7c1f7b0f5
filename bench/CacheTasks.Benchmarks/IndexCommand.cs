using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CacheTasks.Catalog;

namespace CacheTasks.Benchmarks;

/// <summary>
/// <c>index FILE</c>: where reading one mirror index goes, as process CPU time (wall time lies on a
/// loaded machine): the JSON reader alone over the file, then the whole index reader, three rounds.
/// </summary>
internal static class IndexCommand
{
    public static int Run(string file)
    {
        for (var round = 1; round <= 3; round++)
        {
            var tokens = Measure(() => Tokens(file), out var tokenCount);
            var read = Measure(() => MirrorIndexReader.Read(file, File.OpenRead(file)).Count, out var specs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: json reader alone {tokens:F0} ms cpu ({tokenCount} tokens); MirrorIndexReader {read:F0} ms cpu ({specs} specs)"));
        }

        return 0;
    }

    private static double Measure(Func<long> action, out long result)
    {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        result = action();
        return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds;
    }

    private static long Tokens(string file)
    {
        using var stream = File.OpenRead(file);
        var buffer = new byte[1 << 20];
        var length = 0;
        var state = default(JsonReaderState);
        long count = 0;
        var final = false;
        while (!final)
        {
            var read = stream.Read(buffer, length, buffer.Length - length);
            final = read == 0;
            length += read;
            var reader = new Utf8JsonReader(buffer.AsSpan(0, length), final, state);
            while (reader.Read())
            {
                count++;
            }

            state = reader.CurrentState;
            var consumed = (int)reader.BytesConsumed;
            Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
            length -= consumed;
        }

        return count;
    }
}
