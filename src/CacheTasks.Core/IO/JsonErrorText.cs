namespace CacheTasks.IO;

/// <summary>What a <see cref="System.Text.Json.JsonException"/> says, for a diagnostic that gives the place itself.</summary>
internal static class JsonErrorText
{
    // The reader's messages end with "LineNumber: n | BytePositionInLine: m."; the diagnostic carries those already.
    public static string Reason(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut < 0 ? message : message.Substring(0, cut);
    }
}
