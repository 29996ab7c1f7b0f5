using System.Collections;

namespace CacheTasks.Environments;

/// <summary>
/// Environment variables that remember which names were asked for and what they held (null: not
/// set), so an incremental build can tell whether a <c>when:</c> condition or an include path
/// would now see something else.
/// </summary>
public sealed class RecordingVariableDictionary(IReadOnlyDictionary<string, string> variables) : IReadOnlyDictionary<string, string>
{
    private readonly Dictionary<string, string?> _consulted = new(StringComparer.Ordinal);

    /// <summary>Every name looked up, with its value then (null when it was not set).</summary>
    public IReadOnlyDictionary<string, string?> Consulted => _consulted;

    public int Count => variables.Count;

    public IEnumerable<string> Keys => variables.Keys;

    public IEnumerable<string> Values => variables.Values;

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, out string value)
    {
        var found = variables.TryGetValue(key, out var text);
        _consulted[key] = found ? text : null;
        value = text!;
        return found;
    }

    // Enumerating is reading every variable; no reader does it, so it is not worth recording.
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => variables.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
