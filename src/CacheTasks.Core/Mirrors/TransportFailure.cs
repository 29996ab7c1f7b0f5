using System.Globalization;

namespace CacheTasks.Mirrors;

/// <summary>The causes every transport words the same way: a request past its timeout, and a network error.</summary>
internal static class TransportFailure
{
    public static MirrorFetchException Timeout(Uri url, TimeSpan timeout, Exception inner) =>
        new(string.Format(Messages.MirrorCauseTimeout, url, timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)), inner);

    /// <summary>The innermost error says what happened (a refused connection, a DNS failure); the outer ones only wrap it.</summary>
    public static MirrorFetchException Network(Uri url, Exception e)
    {
        var innermost = e;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return new MirrorFetchException(string.Format(Messages.MirrorCauseNetwork, url, innermost.Message), e);
    }
}
