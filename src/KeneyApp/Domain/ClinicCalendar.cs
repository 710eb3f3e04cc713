using System.Globalization;
using System.Text.RegularExpressions;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Domain;

/// <summary>
/// The caller's clinic's calendar, in its time zone (<c>Tenant.DefaultTimezone</c>): "today" for prescriptions,
/// vaccinations and birth dates is the clinic's date, not the server's or UTC's (at 00:30 in Paris it is
/// already tomorrow there). Period filters take either an instant with its offset, or a bare date meaning that
/// whole day at the clinic; an instant without an offset is refused, never read in the server's zone.
/// </summary>
public sealed partial class ClinicCalendar(AppDbContext db, TimeProvider clock)
{
    private TimeZoneInfo? _zone;

    /// <summary>An IANA time zone this machine knows (clinics' and patients' <c>timezone</c> fields).</summary>
    public static bool IsTimeZone(string? id) => id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    public async Task<TimeZoneInfo> ZoneAsync(CancellationToken ct)
    {
        if (_zone is null)
        {
            var id = db.CurrentTenantId is { } tenantId
                ? await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.DefaultTimezone).FirstOrDefaultAsync(ct)
                : null;
            _zone = id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
        }
        return _zone;
    }

    public async Task<DateOnly> TodayAsync(CancellationToken ct) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, await ZoneAsync(ct)));

    /// <summary>
    /// A period bound from a query string, as a UTC instant: <c>2026-12-20T09:30:00Z</c> or <c>…+01:00</c> as given;
    /// <c>2026-12-20</c> as the start of that day at the clinic, or, for an upper bound, the start of the next
    /// (so the day is included, the bound itself excluded).
    /// </summary>
    public async Task<Outcome<DateTime?>> BoundAsync(string field, string? text, bool upper, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (DateTime?)null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var midnight = day.AddDays(upper ? 1 : 0).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
            return (DateTime?)TimeZoneInfo.ConvertTimeToUtc(midnight, await ZoneAsync(ct));
        }
        if (ExplicitOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return (DateTime?)instant.UtcDateTime;
        }
        return Problem.Invalid(field,
            "A date (YYYY-MM-DD: that whole day at the clinic) or a date and time with its offset, e.g. 2026-12-20T09:30:00+01:00 or 2026-12-20T08:30:00Z.");
    }

    [GeneratedRegex(@"T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitOffset();
}
