using KeneyApp.Features.Notifications;

namespace KeneyApp.Tests.Features.Notifications;

/// <summary>SMS wait for the end of the recipient's quiet hours, in its own time zone, across midnight and clock changes.</summary>
public sealed class QuietHoursTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly TimeOnly Nine = new(21, 0);
    private static readonly TimeOnly Eight = new(8, 0);

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void During_the_day_an_sms_goes_at_once() =>
        Assert.Equal(Utc(12, 7, 14), QuietHours.NextAllowed(Utc(12, 7, 14), Nine, Eight, Paris));

    [Fact]
    public void Late_in_the_evening_it_waits_for_eight_the_next_morning_in_the_recipients_zone() =>
        // 21:30 in Paris (UTC+1 in winter) → 08:00 Paris the next day = 07:00 UTC.
        Assert.Equal(Utc(12, 8, 7), QuietHours.NextAllowed(Utc(12, 7, 20, 30), Nine, Eight, Paris));

    [Fact]
    public void After_midnight_it_waits_for_eight_the_same_morning() =>
        Assert.Equal(Utc(12, 8, 7), QuietHours.NextAllowed(Utc(12, 8, 2), Nine, Eight, Paris));

    [Fact]
    public void The_boundaries_belong_to_the_day()
    {
        Assert.Equal(Utc(12, 8, 7), QuietHours.NextAllowed(Utc(12, 8, 7), Nine, Eight, Paris)); // 08:00 sharp: allowed
        Assert.Equal(Utc(12, 9, 7), QuietHours.NextAllowed(Utc(12, 8, 20), Nine, Eight, Paris)); // 21:00 sharp: quiet
    }

    [Fact]
    public void In_summer_time_the_same_local_hours_are_other_utc_hours() =>
        // 23:00 in Paris (UTC+2) → 08:00 Paris = 06:00 UTC.
        Assert.Equal(Utc(7, 2, 6), QuietHours.NextAllowed(Utc(7, 1, 21), Nine, Eight, Paris));

    [Fact]
    public void Quiet_hours_within_one_day_and_none_at_all_are_honoured()
    {
        Assert.Equal(Utc(12, 7, 13), QuietHours.NextAllowed(Utc(12, 7, 11, 30), new TimeOnly(12, 0), new TimeOnly(14, 0), Paris));
        Assert.Equal(Utc(12, 7, 22), QuietHours.NextAllowed(Utc(12, 7, 22), Eight, Eight, Paris));
    }
}
