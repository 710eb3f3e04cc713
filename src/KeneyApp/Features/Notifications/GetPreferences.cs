using KeneyApp.Platform.Data;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Notifications;

/// <summary>The caller's own preferences: a patient's are its record's (they reach it with or without the portal), staff's their account's.</summary>
internal sealed class GetPreferences(AppDbContext db, CurrentUser user)
{
    public async Task<NotificationPreferencesDocument> HandleAsync(CancellationToken ct) => Document(await CurrentAsync(ct));

    internal async Task<NotificationPreference> CurrentAsync(CancellationToken ct)
    {
        if (user.PatientId is { } patientId)
        {
            var patient = await db.Set<Patient>().AsNoTracking().Where(p => p.Id == patientId).Select(p => new { p.Timezone, p.PreferredLanguage }).FirstAsync(ct);
            return await NotificationRecipients.PreferencesAsync(db, null, patientId, patient.Timezone, patient.PreferredLanguage, ct);
        }
        var language = await db.Users.AsNoTracking().Where(u => u.Id == user.Id).Select(u => u.PreferredLanguage).FirstAsync(ct);
        var zone = await db.Tenants.Where(t => t.Id == user.TenantId).Select(t => t.DefaultTimezone).FirstAsync(ct);
        return await NotificationRecipients.PreferencesAsync(db, user.Id, null, zone, language, ct);
    }

    internal static NotificationPreferencesDocument Document(NotificationPreference preferences) => new(
        NotificationTypes.Optional.ToDictionary(t => t,
            t => (IReadOnlyDictionary<string, bool>)NotificationChannels.All.ToDictionary(c => c, c => preferences.Allows(t, c))),
        preferences.QuietHoursStart.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        preferences.QuietHoursEnd.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        preferences.Timezone, preferences.Language);
}
