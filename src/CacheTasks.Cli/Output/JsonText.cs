using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CacheTasks.Cli.Output;

/// <summary>Writes a JSON document to a text writer, indented, with the same escaping as coverage.json.</summary>
internal static class JsonText
{
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(json);
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
