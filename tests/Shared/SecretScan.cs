namespace CacheTasks.Testing;

/// <summary>
/// The proof that a secret reached no file: every file a build left under a folder (reports, saved
/// results, snapshots, the parsed catalog, the mirror cache, logs) is read whole and must contain none
/// of the secrets, nor may a file's name.
/// </summary>
public static class SecretScan
{
    /// <summary>Fails naming the file that holds a secret; returns the files read, for the caller to check that the ones it expects were there.</summary>
    public static IReadOnlyList<string> AssertWrittenNowhere(string folder, IEnumerable<string> secrets, Func<string, bool>? skip = null)
    {
        var values = secrets.Where(s => !string.IsNullOrEmpty(s)).ToList();
        Assert.NotEmpty(values);
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => skip is null || !skip(f)).ToList();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var secret in values)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{file} holds a secret");
                Assert.False(file.Contains(secret, StringComparison.Ordinal), $"{file}: a secret in a file name");
            }
        }

        return files;
    }
}
