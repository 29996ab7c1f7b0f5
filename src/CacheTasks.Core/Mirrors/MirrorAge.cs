using System.Globalization;

namespace CacheTasks.Mirrors;

/// <summary>How long ago a cached index was last confirmed, in the largest whole unit (CT2003).</summary>
internal static class MirrorAge
{
    public static string Format(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return age.TotalDays >= 2 ? string.Format(CultureInfo.InvariantCulture, Messages.MirrorAgeDays, (int)age.TotalDays)
            : age.TotalHours >= 2 ? string.Format(CultureInfo.InvariantCulture, Messages.MirrorAgeHours, (int)age.TotalHours)
            : age.TotalMinutes >= 2 ? string.Format(CultureInfo.InvariantCulture, Messages.MirrorAgeMinutes, (int)age.TotalMinutes)
            : string.Format(CultureInfo.InvariantCulture, Messages.MirrorAgeSeconds, (int)age.TotalSeconds);
    }
}
