namespace KeneyApp.Features.Notifications;

/// <summary>The hours during which SMS wait (default 21:00–08:00 in the recipient's time zone); e-mail is never held.</summary>
internal static class QuietHours
{
    /// <summary>When a send at <paramref name="utcNow"/> may go: now, or the end of the quiet period it falls in.</summary>
    public static DateTime NextAllowed(DateTime utcNow, TimeOnly start, TimeOnly end, TimeZoneInfo zone)
    {
        if (start == end)
        {
            return utcNow; // no quiet hours
        }
        var local = TimeZoneInfo.ConvertTimeFromUtc(utcNow, zone);
        var time = TimeOnly.FromDateTime(local);
        var crossesMidnight = start > end;
        var quiet = crossesMidnight ? time >= start || time < end : time >= start && time < end;
        if (!quiet)
        {
            return utcNow;
        }
        var endDay = DateOnly.FromDateTime(local);
        if (crossesMidnight && time >= start)
        {
            endDay = endDay.AddDays(1);
        }
        var endLocal = endDay.ToDateTime(end, DateTimeKind.Unspecified);
        // A local time skipped by a clock change does not exist: take the first instant after it.
        while (zone.IsInvalidTime(endLocal))
        {
            endLocal = endLocal.AddMinutes(15);
        }
        return TimeZoneInfo.ConvertTimeToUtc(endLocal, zone);
    }
}
