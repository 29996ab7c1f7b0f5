using CacheTasks.Catalog;
using CacheTasks.Platform;

namespace CacheTasks.Coverage;

/// <summary>
/// The end of a CT1001 hint under <c>SpackOsCompatibility=exact</c>: a binary built on an older
/// Linux distro that Spack (0.22 and later) would reuse, since switching to <c>libc</c> is all
/// the user needs to count it.
/// </summary>
internal static class LibcHint
{
    private const int MostListed = 5;

    /// <summary>The suffix to append to the row's hint, or an empty string.</summary>
    public static string For(Requirement requirement, SpackArch arch, IReadOnlyList<CandidateVerdict> verdicts, SpecMatcher matcher)
    {
        if (matcher.OsCompatibility == OsCompatibility.Libc)
        {
            return string.Empty;
        }

        var libc = matcher.WithOsCompatibility(OsCompatibility.Libc);
        // Only the arch is judged again, under libc: the build verdicts stand.
        var accepted = verdicts
            .Where(v => v.Build == Mismatch.None && v.Spec.Os != arch.Os && libc.CheckArch(requirement.Spec, arch, v.Spec) == Mismatch.None)
            .Select(v => v.Spec)
            .ToList();
        if (accepted.Count == 0)
        {
            return string.Empty;
        }

        // Name the os closest to the arch's: the newest glibc that still runs there.
        var os = accepted.Select(c => c.Os).Distinct().OrderByDescending(o => libc.Glibc.GlibcOf(o)).ThenBy(o => o, StringComparer.Ordinal).First();
        var versions = accepted.Where(c => c.Os == os).SelectMany(c => c.Versions).Distinct().OrderByDescending(v => v).ToList();
        var listed = string.Join(", ", versions.Take(MostListed).Select(v => v.Text)) + (versions.Count > MostListed ? ", …" : string.Empty);
        return string.Format(Messages.HintLibcWouldAccept, listed, os, libc.Glibc.GlibcOf(os), arch.Os, libc.Glibc.GlibcOf(arch.Os));
    }
}
