using CacheTasks.Baselines;
using CacheTasks.Diagnostics;
using CacheTasks.IO;
using CacheTasks.Mirrors;

namespace CacheTasks.Run;

/// <summary>
/// Gets <c>SpackCoverageBaseline</c>: a local coverage.json (a path or <c>file://</c> URL) is read
/// where it is; an <c>http(s)://</c> one is downloaded (with the catalog's timeout) to a temporary
/// file first. A baseline that cannot be had is CT3007 and the check runs as without one.
/// </summary>
internal static class BaselineStep
{
    /// <summary>The local file a baseline is read from; null for a URL that must be downloaded.</summary>
    public static string? LocalFile(string baseline)
    {
        if (Uri.TryCreate(baseline, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return null;
        }

        return Uri.TryCreate(baseline, UriKind.Absolute, out var file) && file.IsFile && baseline.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? file.LocalPath : baseline;
    }

    public static Baseline? Read(string baseline, MirrorOptions mirrors, ICollection<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        // Baselines are shared CI artifacts; a password in their URL must not reach a log.
        var shown = MirrorUrl.Redact(baseline);
        try
        {
            if (LocalFile(baseline) is { } file)
            {
                if (!File.Exists(file))
                {
                    throw new BaselineException(Messages.BaselineNotFound);
                }

                return BaselineReader.Read(file, shown);
            }

            var temporary = Path.GetTempFileName();
            try
            {
                using var transport = new HttpMirrorTransport(mirrors.Timeout);
                var response = transport.DownloadAsync(new Uri(baseline), null, temporary, cancellationToken).GetAwaiter().GetResult();
                if (response.Status != MirrorResponseStatus.Ok)
                {
                    throw new BaselineException(Messages.BaselineNotFound);
                }

                return BaselineReader.Read(temporary, shown);
            }
            finally
            {
                AtomicFile.TryDelete(temporary);
            }
        }
        catch (Exception e) when (e is BaselineException or MirrorFetchException or IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.BaselineUnreadable, DiagnosticSeverity.Warning, string.Format(Messages.BaselineUnreadable, shown, e.Message)));
            return null;
        }
    }
}
