using System.Diagnostics;
using System.Text;

namespace CacheTasks.Tests.Infrastructure;

/// <summary>Runs the dotnet CLI as a separate process, as a user or CI would.</summary>
internal static class DotNet
{
    public static ProcessResult Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        RunProgram("dotnet", workingDirectory, environment, arguments);

    /// <summary>Runs another program (e.g. mono) with the same clean environment, output capture and time limit.</summary>
    public static ProcessResult RunProgram(string program, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No build server or node reuse: each run is a clean, separate build, as in CI.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // The test host's own MSBuild settings must not leak into the child build.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "DOTNET_HOST_PATH" })
        {
            start.Environment.Remove(name);
        }

        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in 5 minutes:\n{output}");
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, output.ToString());
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}

public sealed record ProcessResult(int ExitCode, string Output)
{
    public IEnumerable<string> Lines => Output.Split('\n').Select(l => l.TrimEnd('\r'));

    /// <summary>Distinct warning/error lines with the given code (MSBuild repeats them in its closing summary).</summary>
    public IReadOnlyList<string> DiagnosticLines(string code) =>
        Lines.Where(l => l.Contains($": warning {code}:", StringComparison.Ordinal) || l.Contains($": error {code}:", StringComparison.Ordinal))
            .Select(l => l.Trim())
            .Distinct()
            .ToList();

    public override string ToString() => $"exit code {ExitCode}\n{Output}";
}
