using System.Diagnostics;
using System.Text;
using CacheTasks.Testing;

namespace CacheTasks.Tests.Infrastructure;

/// <summary>
/// The distribution's Chromium, driven headless from the command line: --dump-dom gives the DOM
/// after the page's script ran, --screenshot a PNG, and --enable-logging=stderr every console
/// message (Chromium prints them as INFO:CONSOLE lines, uncaught exceptions included).
/// </summary>
internal sealed class HeadlessChromium
{
    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    private HeadlessChromium(string path) => Path = path;

    public string Path { get; }

    /// <summary>The first Chromium on PATH; skips the test (fails it under CACHETASKS_REQUIRE_ALL_TESTS=1) when there is none.</summary>
    public static HeadlessChromium FindOrSkip()
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in Names)
        {
            foreach (var directory in directories)
            {
                var candidate = System.IO.Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return new HeadlessChromium(candidate);
                }
            }
        }

        TestEnvironment.SkipOrFail($"no Chromium on PATH (looked for {string.Join(", ", Names)}); install one, e.g. apt-get install chromium, to check coverage.html in a browser");
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>The DOM after the page loaded and its script ran, and the console lines it logged.</summary>
    public (string Dom, IReadOnlyList<string> Console) DumpDom(string url)
    {
        var (output, errors) = Run(["--dump-dom", url]);
        return (output, ConsoleLines(errors));
    }

    public IReadOnlyList<string> Screenshot(string url, string png, int width = 1280, int height = 800)
    {
        var (_, errors) = Run([$"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars", url]);
        return ConsoleLines(errors);
    }

    private static List<string> ConsoleLines(string stderr) =>
        stderr.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();

    private (string Output, string Errors) Run(string[] arguments)
    {
        using var profile = TestEnvironment.CreateTemporaryDirectory();
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // --no-sandbox: test containers often run as root, where Chromium's sandbox refuses to start.
        string[] common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check", "--enable-logging=stderr", "--v=0", $"--user-data-dir={profile.Path}"];
        foreach (var argument in common.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var errors = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (errors) { errors.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path} did not finish in 2 minutes:\n{errors}");
        }

        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{Path} exited with {process.ExitCode}:\n{errors}");
        return (output.ToString(), errors.ToString());
    }
}
