using System.Diagnostics;

namespace CacheTasks.Benchmarks;

/// <summary>The generated develop-scale catalog the benchmarks run on; never inside the repository.</summary>
internal static class BenchCatalog
{
    public static string EnsureGenerated()
    {
        var configured = Environment.GetEnvironmentVariable("CACHETASKS_BENCH_CATALOG");
        var folder = string.IsNullOrEmpty(configured) ? Path.Combine(Path.GetTempPath(), "cachetasks-bench-catalog") : configured;
        if (Directory.Exists(folder))
        {
            return folder;
        }

        var generator = Path.Combine(RepositoryRoot(), "bench", "generate_catalog.py");
        using var process = Process.Start(new ProcessStartInfo("python3", $"\"{generator}\" \"{folder}\"") { UseShellExecute = false })
            ?? throw new InvalidOperationException("python3 did not start");
        process.WaitForExit();
        return process.ExitCode == 0 ? folder : throw new InvalidOperationException($"{generator} failed");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CacheTasks.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("run the benchmarks from the repository");
    }
}
