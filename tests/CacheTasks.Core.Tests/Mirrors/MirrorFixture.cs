using CacheTasks.Diagnostics;
using CacheTasks.Mirrors;
using CacheTasks.Sources;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Mirrors;

/// <summary>
/// A test server, an empty cache folder and a clock that each "build" moves forward by a second (as a
/// real clock would between two builds); tests move it further to age the cache.
/// </summary>
internal sealed class MirrorFixture : IDisposable
{
    public const string V6 = "legacy_yaml-index.db-v6.json";
    public const string V7 = "v2_layout-unsigned-index.db-v7.json";
    public const string V8 = "v2_layout-unsigned-index.db-v8.json";

    public MirrorFixture()
    {
        Now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    }

    public MirrorTestServer Server { get; } = new();

    public TemporaryDirectory Cache { get; } = TestEnvironment.CreateTemporaryDirectory();

    public DateTimeOffset Now { get; set; }

    public static byte[] Sample(string file) => File.ReadAllBytes(TestEnvironment.Shared("catalog-index-samples", file));

    // Generous by default so a loaded CI machine never turns a good download into a timeout;
    // the tests about hanging servers ask for a short one.
    public MirrorOptions Options(MirrorRefresh refresh = MirrorRefresh.Auto, double timeoutSeconds = 30) => new()
    {
        CacheDirectory = Cache.Path,
        Refresh = refresh,
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        Clock = () => Now,
    };

    /// <summary>One build's lookup of the source.</summary>
    public (string? Path, List<Diagnostic> Diagnostics) Build(string source, MirrorOptions? options = null)
    {
        Now += TimeSpan.FromSeconds(1);
        var diagnostics = new List<Diagnostic>();
        var path = Resolve(source, options ?? Options(), diagnostics);
        return (path, diagnostics);
    }

    /// <summary>The local file or folder the source's kind gives the loader, or null when it gives none.</summary>
    public static string? Resolve(string source, MirrorOptions options, List<Diagnostic> diagnostics) =>
        Resolve(source, new SourceContext(options), diagnostics);

    /// <summary>The same, with credential settings as a run has them.</summary>
    public static string? Resolve(string source, SourceContext context, List<Diagnostic> diagnostics)
    {
        var resolved = SourceKinds.Of(source)!.Resolve(source, context, diagnostics, TestContext.Current.CancellationToken);
        return resolved.Folder ?? (resolved.Files.Count > 0 ? resolved.Files[0].Path : null);
    }

    /// <summary>Files the cache holds that are not finished files (temporaries left behind).</summary>
    public IEnumerable<string> Temporaries =>
        Directory.Exists(Cache.Path) ? Directory.EnumerateFiles(Cache.Path, "*.tmp", SearchOption.AllDirectories) : [];

    public void Dispose()
    {
        Server.Dispose();
        Cache.Dispose();
    }
}
