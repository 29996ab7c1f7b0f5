using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CacheTasks.FrameworkHost;

/// <summary>
/// One line of tab-separated fields, with tabs, line breaks and backslashes escaped: the format of
/// both the host's script and what it records, so the two sides of a comparison write the same text.
/// </summary>
public static class RecordText
{
    public static string Join(IEnumerable<string?> fields) => string.Join("\t", fields.Select(Escape));

    public static string[] Split(string line) => line.Split('\t').Select(Unescape).ToArray();

    private static string Escape(string? field)
    {
        var text = new StringBuilder();
        foreach (var c in field ?? string.Empty)
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '\t' => "\\t",
                '\n' => "\\n",
                '\r' => "\\r",
                _ => c.ToString(),
            });
        }

        return text.ToString();
    }

    private static string Unescape(string field)
    {
        var text = new StringBuilder();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] != '\\' || i + 1 == field.Length)
            {
                text.Append(field[i]);
                continue;
            }

            i++;
            text.Append(field[i] switch
            {
                't' => '\t',
                'n' => '\n',
                'r' => '\r',
                _ => field[i],
            });
        }

        return text.ToString();
    }
}
