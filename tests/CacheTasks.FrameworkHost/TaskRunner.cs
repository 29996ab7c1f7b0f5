using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CacheTasks.FrameworkHost;

/// <summary>
/// Runs a script's tasks from a task assembly the way MSBuild does: creates each task, sets its
/// parameters by reflection (lists split at ';', items as TaskItems with metadata), calls Execute,
/// and records its [Output] parameters. The .NET Framework host and the net8.0 side of a test run
/// the same code, so their records differ only where the tasks do.
/// </summary>
public static class TaskRunner
{
    public static List<string> Run(Assembly tasks, TaskScript script)
    {
        var engine = new HostBuildEngine(script.ProjectFile);
        foreach (var step in script.Steps)
        {
            engine.CurrentTask = step.TaskName;
            var type = tasks.GetTypes().Single(t => t.Name == step.TaskName);
            var task = (ITask)Activator.CreateInstance(type)!;
            task.BuildEngine = engine;
            foreach (var parameter in step.Parameters)
            {
                var property = Property(type, parameter.Key);
                property.SetValue(task, Convert(parameter.Value, property.PropertyType));
            }

            foreach (var list in step.Items)
            {
                var items = list.Value.Select(i => (ITaskItem)new TaskItem(i.Key, (IDictionary)i.Value.ToDictionary(m => m.Key, m => m.Value))).ToArray();
                Property(type, list.Key).SetValue(task, items);
            }

            var returned = task.Execute();
            engine.Records.Add(RecordText.Join([step.TaskName, "returned", returned.ToString()]));
            foreach (var output in type.GetProperties().Where(p => p.GetCustomAttributes(typeof(OutputAttribute), true).Length > 0).OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                engine.Records.AddRange(OutputRecords(step.TaskName, output.Name, output.GetValue(task)));
            }
        }

        return engine.Records;
    }

    // IDictionary's own enumerator: a Dictionary<,> enumerated as IEnumerable gives KeyValuePairs, not DictionaryEntries.
    private static IEnumerable<string> Metadata(ITaskItem item)
    {
        var metadata = new List<string>();
        foreach (DictionaryEntry entry in item.CloneCustomMetadata())
        {
            metadata.Add($"{entry.Key}={entry.Value}");
        }

        return metadata.OrderBy(m => m, StringComparer.Ordinal);
    }

    private static PropertyInfo Property(Type type, string name) =>
        type.GetProperty(name) ?? throw new ArgumentException($"{type.Name} has no parameter '{name}'.");

    private static object? Convert(string value, Type type)
    {
        if (type == typeof(string[]))
        {
            return value.Split([';'], StringSplitOptions.RemoveEmptyEntries);
        }

        return type == typeof(bool) ? bool.Parse(value) : value;
    }

    private static IEnumerable<string> OutputRecords(string taskName, string name, object? value)
    {
        if (value is ITaskItem[] items)
        {
            return items.Select(item => RecordText.Join(new[] { taskName, name, item.ItemSpec }.Concat(Metadata(item))));
        }

        return [RecordText.Join([taskName, name, System.Convert.ToString(value, CultureInfo.InvariantCulture)])];
    }
}
