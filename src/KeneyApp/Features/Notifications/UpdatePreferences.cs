using System.Globalization;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Notifications;

/// <summary>
/// Changes the caller's own preferences: any subset of the document; the rest stays. Every name is checked (an
/// unknown type or channel is an error, not silence). Audited with the changed field names only.
/// </summary>
internal sealed class UpdatePreferences(AppDbContext db, GetPreferences current, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<NotificationPreferencesDocument>> HandleAsync(NotificationPreferencesDocument request, CancellationToken ct)
    {
        var validation = new Validation();
        foreach (var (type, channels) in request.Channels ?? new Dictionary<string, IReadOnlyDictionary<string, bool>>())
        {
            validation.Check(NotificationTypes.Optional.Contains(type), $"channels.{type}", $"One of: {string.Join(", ", NotificationTypes.Optional)}.");
            foreach (var channel in channels?.Keys ?? [])
            {
                validation.Check(NotificationChannels.All.Contains(channel), $"channels.{type}.{channel}", "One of: email, sms.");
            }
        }
        validation.Check(request.QuietHoursStart is null || IsTime(request.QuietHoursStart), "quiet_hours_start", "A time of day, HH:MM.")
            .Check(request.QuietHoursEnd is null || IsTime(request.QuietHoursEnd), "quiet_hours_end", "A time of day, HH:MM.")
            .Check(request.Timezone is null || ClinicCalendar.IsTimeZone(request.Timezone), "timezone", "An IANA time zone, e.g. Europe/Paris.")
            .Check(request.Language is null or "fr" or "en", "language", "One of: fr, en.");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var preferences = await current.CurrentAsync(ct);
        if (preferences.Id != 0)
        {
            db.Attach(preferences);
        }
        else
        {
            db.Add(preferences);
        }
        foreach (var (type, channels) in request.Channels ?? new Dictionary<string, IReadOnlyDictionary<string, bool>>())
        {
            foreach (var (channel, on) in channels ?? new Dictionary<string, bool>())
            {
                preferences.Set(type, channel, on);
            }
        }
        preferences.QuietHoursStart = request.QuietHoursStart is { } start ? Time(start) : preferences.QuietHoursStart;
        preferences.QuietHoursEnd = request.QuietHoursEnd is { } end ? Time(end) : preferences.QuietHoursEnd;
        preferences.Timezone = request.Timezone ?? preferences.Timezone;
        preferences.Language = request.Language ?? preferences.Language;
        preferences.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.Update, "notification_preferences", preferences.Id, details: $"fields={Changed(request)}", ct: ct);
        await tx.CommitAsync(CancellationToken.None);
        return GetPreferences.Document(preferences);
    }

    private static string Changed(NotificationPreferencesDocument r) => string.Join(',', new[]
    {
        r.Channels is null ? null : "channels", r.QuietHoursStart is null ? null : "quiet_hours_start", r.QuietHoursEnd is null ? null : "quiet_hours_end",
        r.Timezone is null ? null : "timezone", r.Language is null ? null : "language",
    }.OfType<string>());

    private static bool IsTime(string text) => TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static TimeOnly Time(string text) => TimeOnly.ParseExact(text, "HH:mm", CultureInfo.InvariantCulture);
}
