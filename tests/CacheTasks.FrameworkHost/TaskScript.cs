using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CacheTasks.FrameworkHost;

/// <summary>
/// The tasks one build runs, in order, on one build engine: written by a test, read by the host.
/// Lines: <c>project FILE</c>, <c>task NAME</c>, <c>set NAME VALUE</c>, <c>item PARAMETER INCLUDE KEY=VALUE…</c>.
/// </summary>
public sealed class TaskScript
{
    public string ProjectFile { get; set; } = string.Empty;

    public List<TaskStep> Steps { get; } = [];

    public void Write(string path)
    {
        var lines = new List<string> { RecordText.Join(["project", ProjectFile]) };
        foreach (var step in Steps)
        {
            lines.Add(RecordText.Join(["task", step.TaskName]));
            lines.AddRange(step.Parameters.Select(p => RecordText.Join(["set", p.Key, p.Value])));
            foreach (var list in step.Items)
            {
                lines.AddRange(list.Value.Select(item => RecordText.Join(new[] { "item", list.Key, item.Key }.Concat(item.Value.Select(m => m.Key + "=" + m.Value)))));
            }
        }

        File.WriteAllLines(path, lines);
    }

    public static TaskScript Read(string path)
    {
        var script = new TaskScript();
        foreach (var fields in File.ReadAllLines(path).Where(l => l.Length > 0).Select(RecordText.Split))
        {
            switch (fields[0])
            {
                case "project":
                    script.ProjectFile = fields[1];
                    break;
                case "task":
                    script.Steps.Add(new TaskStep(fields[1]));
                    break;
                case "set":
                    script.Steps[script.Steps.Count - 1].Set(fields[1], fields[2]);
                    break;
                case "item":
                    var metadata = fields.Skip(3).Select(f => f.Split(['='], 2)).ToDictionary(m => m[0], m => m[1]);
                    script.Steps[script.Steps.Count - 1].Item(fields[1], fields[2], metadata);
                    break;
                default:
                    throw new InvalidDataException($"{path}: unknown line '{fields[0]}'.");
            }
        }

        return script;
    }
}
