using CacheTasks.Diagnostics;
using CacheTasks.Mirrors;

namespace CacheTasks.Core.Tests.Mirrors;

public sealed class MirrorOptionsReaderTests
{
    [Fact]
    public void Empty_values_mean_the_documented_defaults()
    {
        var diagnostics = new List<Diagnostic>();

        var options = MirrorOptionsReader.Read(null, "", " ", null, diagnostics);

        Assert.Empty(diagnostics);
        Assert.Null(options.CacheDirectory);
        Assert.Equal(MirrorRefresh.Auto, options.Refresh);
        Assert.Equal(TimeSpan.FromHours(1), options.MaxAge);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
    }

    [Fact]
    public void Values_are_read_as_documented()
    {
        var diagnostics = new List<Diagnostic>();

        var options = MirrorOptionsReader.Read("/tmp/ct", "Never", "1.02:00:00", "2.5", diagnostics);

        Assert.Empty(diagnostics);
        Assert.Equal("/tmp/ct", options.CacheDirectory);
        Assert.Equal(MirrorRefresh.Never, options.Refresh);
        Assert.Equal(TimeSpan.FromHours(26), options.MaxAge);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.Timeout);
    }

    [Theory]
    [InlineData("SpackCatalogRefresh", "sometimes")]
    [InlineData("SpackCatalogMaxAge", "an hour")]
    [InlineData("SpackCatalogMaxAge", "-01:00:00")]
    [InlineData("SpackCatalogTimeout", "0")]
    [InlineData("SpackCatalogTimeout", "thirty")]
    public void An_invalid_value_is_CT3004_and_the_default_is_used(string property, string value)
    {
        var diagnostics = new List<Diagnostic>();

        var options = MirrorOptionsReader.Read(
            null,
            property == "SpackCatalogRefresh" ? value : null,
            property == "SpackCatalogMaxAge" ? value : null,
            property == "SpackCatalogTimeout" ? value : null,
            diagnostics);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidProperty, diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var allowed = property switch
        {
            "SpackCatalogRefresh" => string.Format(Messages.KnownValues, "auto, always, never"),
            "SpackCatalogMaxAge" => Messages.MirrorMaxAgeValues,
            _ => string.Format(Messages.MirrorTimeoutValues, 86400),
        };
        Assert.Equal(string.Format(Messages.InvalidProperty, property, value, allowed), diagnostic.Message);
        Assert.Equal(MirrorOptions.Default with { }, options);
    }
}
