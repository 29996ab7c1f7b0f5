using System.Globalization;
using CacheTasks.Diagnostics;
using CacheTasks.Mirrors;

namespace CacheTasks.Run;

public static partial class RunInputValidator
{
    // A day: longer is certainly a typo, and HttpClient refuses timeouts past int.MaxValue milliseconds.
    private const int MaxTimeoutSeconds = 86400;

    /// <summary>
    /// <c>SpackCatalogCacheDirectory</c>, <c>SpackCatalogRefresh</c>, <c>SpackCatalogMaxAge</c> and
    /// <c>SpackCatalogTimeout</c> as the user wrote them; an empty value means the default.
    /// </summary>
    public static MirrorOptions MirrorSettings(string? cacheDirectory, string? refresh, string? maxAge, string? timeout, ICollection<Diagnostic> diagnostics)
    {
        var options = MirrorOptions.Default;
        if (!string.IsNullOrWhiteSpace(cacheDirectory))
        {
            // A NUL (or, on Windows, '<', '|', …) made every path built under it throw (CT9001).
            if (cacheDirectory!.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            {
                diagnostics.Add(Invalid("SpackCatalogCacheDirectory", cacheDirectory, Messages.PathValues));
            }
            else
            {
                options = options with { CacheDirectory = cacheDirectory.Trim() };
            }
        }

        if (!string.IsNullOrWhiteSpace(refresh))
        {
            if (TryParseRefresh(refresh!.Trim(), out var mode))
            {
                options = options with { Refresh = mode };
            }
            else
            {
                diagnostics.Add(Invalid("SpackCatalogRefresh", refresh, string.Format(Messages.KnownValues, "auto, always, never")));
            }
        }

        if (!string.IsNullOrWhiteSpace(maxAge))
        {
            // The invariant "c" format (d.hh:mm:ss) is what MSBuild users write for TimeSpan values.
            if (TimeSpan.TryParse(maxAge!.Trim(), CultureInfo.InvariantCulture, out var age) && age >= TimeSpan.Zero)
            {
                options = options with { MaxAge = age };
            }
            else
            {
                diagnostics.Add(Invalid("SpackCatalogMaxAge", maxAge, Messages.MirrorMaxAgeValues));
            }
        }

        if (!string.IsNullOrWhiteSpace(timeout))
        {
            if (double.TryParse(timeout!.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= MaxTimeoutSeconds)
            {
                options = options with { Timeout = TimeSpan.FromSeconds(seconds) };
            }
            else
            {
                diagnostics.Add(Invalid("SpackCatalogTimeout", timeout, string.Format(Messages.MirrorTimeoutValues, MaxTimeoutSeconds)));
            }
        }

        return options;
    }

    private static bool TryParseRefresh(string value, out MirrorRefresh mode)
    {
        switch (value.ToLowerInvariant())
        {
            case "auto":
                mode = MirrorRefresh.Auto;
                return true;
            case "always":
                mode = MirrorRefresh.Always;
                return true;
            case "never":
                mode = MirrorRefresh.Never;
                return true;
            default:
                mode = MirrorRefresh.Auto;
                return false;
        }
    }
}
