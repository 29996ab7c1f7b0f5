using System.Collections.Generic;

namespace CacheTasks.FrameworkHost;

/// <summary>One task of a script: its class name, the parameters MSBuild would set, and the item lists.</summary>
public sealed class TaskStep(string taskName)
{
    public string TaskName { get; } = taskName;

    /// <summary>Scalar and list parameters as the project writes them (lists with ';').</summary>
    public IDictionary<string, string> Parameters { get; } = new SortedDictionary<string, string>(System.StringComparer.Ordinal);

    /// <summary>Item parameters: the parameter name, then each item's Include and metadata.</summary>
    public IDictionary<string, List<KeyValuePair<string, IDictionary<string, string>>>> Items { get; } =
        new SortedDictionary<string, List<KeyValuePair<string, IDictionary<string, string>>>>(System.StringComparer.Ordinal);

    public TaskStep Set(string name, string value)
    {
        Parameters[name] = value;
        return this;
    }

    public TaskStep Item(string parameter, string include, IDictionary<string, string>? metadata = null)
    {
        if (!Items.TryGetValue(parameter, out var items))
        {
            Items[parameter] = items = [];
        }

        items.Add(new KeyValuePair<string, IDictionary<string, string>>(include, metadata ?? new Dictionary<string, string>()));
        return this;
    }
}
