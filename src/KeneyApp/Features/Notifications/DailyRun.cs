namespace KeneyApp.Features.Notifications;

/// <summary>
/// The daily jobs' hour in each clinic's own time zone. The jobs run every 15 minutes and plan a clinic's
/// notifications from the first run at or after its hour; their keys make every later run that day plan nothing new.
/// </summary>
internal static class DailyRun
{
    public const int Hour = 9;

    /// <summary>The clinic's date now, and whether its daily hour has come (always, when an admin runs the job now).</summary>
    public static (DateOnly Today, bool Due) At(DateTime utcNow, string timezone, bool runNow)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out var found) ? found : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTimeFromUtc(utcNow, zone);
        return (DateOnly.FromDateTime(local), runNow || local.Hour >= Hour);
    }
}
