using CacheTasks.Diagnostics;
using CacheTasks.Mirrors;
using CacheTasks.Run;

namespace CacheTasks.Core.Tests.Run;

public sealed class RunInputValidatorMirrorTests
{
    [Fact]
    public void Empty_values_mean_the_documented_defaults()
    {
        var diagnostics = new List<Diagnostic>();

        var options = RunInputValidator.MirrorSettings(null, "", " ", null, diagnostics);

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

        var options = RunInputValidator.MirrorSettings("/tmp/ct", "Never", "1.02:00:00", "2.5", diagnostics);

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

        var options = RunInputValidator.MirrorSettings(
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

    [Fact]
    public void A_url_with_a_password_is_CT3004_and_the_password_is_not_shown()
    {
        var diagnostics = new List<Diagnostic>();
        var source = "http://user:s3cret@127.0.0.1:9/m";

        var sources = RunInputValidator.CatalogSources([source], diagnostics);

        Assert.Equal([source], sources);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidProperty, diagnostic.Code);
        Assert.Equal(string.Format(Messages.InvalidProperty, "SpackCatalog", "http://***@127.0.0.1:9/m", Messages.MirrorUrlUserInfo), diagnostic.Message);
        Assert.DoesNotContain("s3cret", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://")]
    [InlineData("https://mirror.example/m?token=1")]
    public void A_url_that_cannot_be_a_mirror_is_CT3004(string source)
    {
        var diagnostics = new List<Diagnostic>();

        RunInputValidator.CatalogSources([source, "/some/local/folder"], diagnostics);

        Assert.Equal(DiagnosticCodes.InvalidProperty, Assert.Single(diagnostics).Code);
    }
}
