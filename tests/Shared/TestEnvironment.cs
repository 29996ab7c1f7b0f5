namespace CacheTasks.Testing;

/// <summary>
/// Where tests find the repository and the shared data (../shared beside the clone), and how they
/// skip when something they need is absent. CI sets CACHETASKS_REQUIRE_ALL_TESTS=1, which turns
/// every such skip into a failure, so CI always runs them.
/// </summary>
public static class TestEnvironment
{
    public const string RequireAllVariable = "CACHETASKS_REQUIRE_ALL_TESTS";

    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    /// <summary>The repository root (the folder with CacheTasks.sln).</summary>
    public static string RepositoryRoot => Root.Value;

    public static bool RequireAll => Environment.GetEnvironmentVariable(RequireAllVariable) is "1" or "true";

    /// <summary>../shared beside the repository (or CACHETASKS_SHARED_DIR); skips when it is absent.</summary>
    public static string SharedDirectory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("CACHETASKS_SHARED_DIR");
            var path = string.IsNullOrEmpty(configured) ? Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared")) : configured!;
            if (!Directory.Exists(Path.Combine(path, "catalog")))
            {
                SkipOrFail($"the shared test data is not at {path} (a clone has it only beside the CacheTasks CI checkout; set CACHETASKS_SHARED_DIR to use another copy)");
            }

            return path;
        }
    }

    public static string SharedCatalog => Path.Combine(SharedDirectory, "catalog");

    public static string Shared(params string[] parts) => Path.Combine([SharedDirectory, .. parts]);

    public static string Repository(params string[] parts) => Path.Combine([RepositoryRoot, .. parts]);

    /// <summary>Skips the test with the reason, or fails it when CI requires every test to run.</summary>
    public static void SkipOrFail(string reason)
    {
        if (RequireAll)
        {
            Assert.Fail($"{reason}. {RequireAllVariable} is set, so this test may not be skipped.");
        }

        Assert.Skip(reason);
    }

    /// <summary>A fresh folder under the system temp folder, removed when disposed.</summary>
    public static TemporaryDirectory CreateTemporaryDirectory() => new();

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CacheTasks.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No CacheTasks.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A temporary folder for one test.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cachetasks-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a file (creating its folder) and returns its full path.</summary>
    public string Write(string relativePath, string content)
    {
        var full = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    /// <summary>
    /// Dates a file, or a folder and everything in it, a day back, as a catalog that was not just
    /// written is: a time within the racy window of a check is not trusted (FileStamp.IsSettledAt),
    /// so a catalog written a moment before gives no snapshot and its no-op build checks again.
    /// Returns the path.
    /// </summary>
    public string Settle(string relativeOrFullPath)
    {
        var full = Combine(relativeOrFullPath);
        var past = DateTime.UtcNow.AddDays(-1);
        if (Directory.Exists(full))
        {
            foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories))
            {
                File.SetLastWriteTimeUtc(file, past);
            }

            foreach (var folder in Directory.EnumerateDirectories(full, "*", SearchOption.AllDirectories))
            {
                Directory.SetLastWriteTimeUtc(folder, past);
            }

            Directory.SetLastWriteTimeUtc(full, past);
        }
        else if (File.Exists(full))
        {
            File.SetLastWriteTimeUtc(full, past);
        }

        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
