using CacheTasks.Testing;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;

namespace CacheTasks.Tests.Infrastructure;

/// <summary>
/// Builds a small project that imports the real build/CacheTasks.props and .targets, in this
/// process, with the SDK's MSBuild, and the task assembly this test project was built with.
/// </summary>
internal static class InProcessBuild
{
    // BuildManager.DefaultBuildManager runs one build at a time.
    private static readonly object Gate = new();

    public static string TaskAssembly => typeof(CheckSpackCoverage).Assembly.Location;

    /// <summary>A project file text around the given properties and items.</summary>
    public static string Project(string properties, string items, string extra = "") => $"""
        <Project>
          <Import Project="{TestEnvironment.Repository("build", "CacheTasks.props")}" />
          <PropertyGroup>
            <_CacheTasksAssemblyFile>{TaskAssembly}</_CacheTasksAssemblyFile>
        {properties}
          </PropertyGroup>
          <ItemGroup>
        {items}
          </ItemGroup>
          <Target Name="BeforeBuild" />
          <Target Name="Build" DependsOnTargets="BeforeBuild" />
        {extra}
          <Import Project="{TestEnvironment.Repository("build", "CacheTasks.targets")}" />
        </Project>
        """;

    /// <summary>
    /// Builds the project. <paramref name="environment"/> is set for this build only, under the same lock:
    /// the in-process node puts back the environment it started with when a build ends, so a variable set
    /// outside the lock can vanish while another test's build is running.
    /// </summary>
    public static InProcessBuildResult Run(string projectPath, string target = "Build", IDictionary<string, string?>? globalProperties = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        lock (Gate)
        {
            var saved = environment?.Keys.ToDictionary(name => name, Environment.GetEnvironmentVariable) ?? [];
            try
            {
                foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
                {
                    Environment.SetEnvironmentVariable(name, value);
                }

                return Build(projectPath, target, globalProperties);
            }
            finally
            {
                foreach (var (name, value) in saved)
                {
                    Environment.SetEnvironmentVariable(name, value);
                }
            }
        }
    }

    private static InProcessBuildResult Build(string projectPath, string target, IDictionary<string, string?>? globalProperties)
    {
        var logger = new RecordingLogger();
        var parameters = new BuildParameters { Loggers = [logger], EnableNodeReuse = false, DisableInProcNode = false };
        var request = new BuildRequestData(projectPath, globalProperties ?? new Dictionary<string, string?>(), null, [target], null, BuildRequestDataFlags.ProvideProjectStateAfterBuild);
        var result = BuildManager.DefaultBuildManager.Build(parameters, request);
        return new InProcessBuildResult(result, logger);
    }
}

internal sealed record InProcessBuildResult(BuildResult Result, RecordingLogger Log)
{
    public bool Succeeded => Result.OverallResult == BuildResultCode.Success;

    /// <summary>The SpackCoverageResult items the check left in the project.</summary>
    public IEnumerable<ProjectItemInstance> CoverageResults =>
        Result.ProjectStateAfterBuild?.GetItems("SpackCoverageResult") ?? [];

    /// <summary>Whether the check ran: only a run logs CacheTasks' summary and host lines.</summary>
    public bool CheckRan => Log.Messages.Any(m => m.Message?.StartsWith("CacheTasks:", StringComparison.Ordinal) == true);

    public IEnumerable<string> Lines =>
        Log.Warnings.Select(w => LogLine.Format(w.File, w.LineNumber, w.ColumnNumber, "warning", w.Code, w.Message))
            .Concat(Log.Errors.Select(e => LogLine.Format(e.File, e.LineNumber, e.ColumnNumber, "error", e.Code, e.Message)));
}
