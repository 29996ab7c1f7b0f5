using System.Reflection;
using System.Xml.Linq;
using CacheTasks.Run;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Run;

/// <summary>
/// A property's default is written twice on purpose: in build/CacheTasks.props, where MSBuild users
/// and other targets read it, and in <see cref="RunDefaults"/>, for the command line and the API.
/// This keeps the two the same.
/// </summary>
public sealed class DefaultsTests
{
    [Fact]
    public void The_package_props_and_the_engine_have_the_same_defaults()
    {
        var props = XDocument.Load(TestEnvironment.Repository("build", "CacheTasks.props"));
        var fromProps = props.Descendants()
            .Where(e => e.Parent?.Name.LocalName == "PropertyGroup")
            .ToDictionary(e => e.Name.LocalName, e => e.Value.Trim(), StringComparer.Ordinal);
        var fromEngine = typeof(RunDefaults).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!, StringComparer.Ordinal);

        Assert.Equal(fromEngine.OrderBy(p => p.Key, StringComparer.Ordinal), fromProps.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Options_left_empty_mean_the_defaults()
    {
        var diagnostics = new List<CacheTasks.Diagnostics.Diagnostic>();

        var settings = RunInputValidator.Validate(new CoverageRunOptions { ReportDirectory = "reports" }, diagnostics);

        Assert.Empty(diagnostics);
        Assert.Equal(CacheTasks.Diagnostics.DiagnosticSeverity.Warning, settings.MissingSeverity);
        Assert.Equal(CacheTasks.Platform.OsCompatibility.Exact, settings.OsCompatibility);
        Assert.False(settings.UseLockFile);
        Assert.Equal(["json", "md", "html"], settings.ReportWriters.Select(w => w.Format));
    }
}
