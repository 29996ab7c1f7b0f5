using System.Runtime.CompilerServices;

namespace CacheTasks.Testing;

/// <summary>
/// Points the per-user cache (where builds keep parsed catalogs and mirror indexes unless
/// SpackCatalogCacheDirectory says otherwise) at a folder of this test run, so the builds these
/// tests run never fill the developer's own ~/.cache/cachetasks. Builds in this process and the
/// dotnet processes the end-to-end tests start both inherit it.
/// </summary>
internal static class IsolatedUserCache
{
    [ModuleInitializer]
    internal static void Redirect()
    {
        if (Path.DirectorySeparatorChar == '\\')
        {
            // Windows' per-user cache is %LOCALAPPDATA%, which the runtime does not read from the environment.
            return;
        }

        var folder = Path.Combine(Path.GetTempPath(), "cachetasks-tests", "user-cache-" + Environment.ProcessId);
        Environment.SetEnvironmentVariable("XDG_CACHE_HOME", folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        };
    }
}
