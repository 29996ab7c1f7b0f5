using System.Text;

namespace CacheTasks.Testing;

/// <summary>
/// The proof that a secret reached no file: every file a build left under a folder (reports, saved
/// results, snapshots, the parsed catalog, the mirror cache, logs) is read whole and must contain none
/// of the secrets, nor may a file's name. The bytes are searched, not decoded text, in UTF-8 and UTF-16,
/// so a binary file (an assembly, the parsed catalog) is read as surely as a report.
/// </summary>
public static class SecretScan
{
    /// <summary>Fails naming the file that holds a secret; returns the files read, for the caller to check that the ones it expects were there.</summary>
    public static IReadOnlyList<string> AssertWrittenNowhere(string folder, IEnumerable<string> secrets, Func<string, bool>? skip = null)
    {
        var values = secrets.Where(s => !string.IsNullOrEmpty(s)).ToList();
        Assert.NotEmpty(values);
        var patterns = values.SelectMany(s => new[] { Encoding.UTF8.GetBytes(s), Encoding.Unicode.GetBytes(s) }).ToList();
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => skip is null || !skip(f)).ToList();
        foreach (var file in files)
        {
            var content = File.ReadAllBytes(file);
            foreach (var pattern in patterns)
            {
                Assert.False(content.AsSpan().IndexOf(pattern) >= 0, $"{file} holds a secret");
            }

            foreach (var secret in values)
            {
                Assert.False(file.Contains(secret, StringComparison.Ordinal), $"{file}: a secret in a file name");
            }
        }

        return files;
    }

    /// <summary>Fails when a build's or a command's console output holds a secret.</summary>
    public static void AssertNotIn(string output, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.False(output.Contains(secret, StringComparison.Ordinal), "the output holds a secret");
        }
    }
}
