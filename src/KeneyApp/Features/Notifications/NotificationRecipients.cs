using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Notifications;

/// <summary>Where and how a recipient is reached when its notification is sent (not when it was planned: details change).</summary>
internal sealed record Recipient(string? Email, string? Phone, NotificationPreference Preferences);

internal static class NotificationRecipients
{
    /// <summary>
    /// The recipient of <paramref name="notification"/> as of now, or null when it no longer exists (a deleted record,
    /// a closed account). A patient is reached at its record's contact details, staff at their account's e-mail.
    /// </summary>
    public static async Task<Recipient?> FindAsync(AppDbContext db, Notification notification, Tenant clinic, CancellationToken ct)
    {
        if (notification.RecipientPatientId is { } patientId)
        {
            var patient = await db.Set<Patient>().AsNoTracking().Where(p => p.Id == patientId)
                .Select(p => new { p.Email, p.Phone, p.PreferredLanguage, p.Timezone }).FirstOrDefaultAsync(ct);
            return patient is null ? null
                : new Recipient(patient.Email, patient.Phone, await PreferencesAsync(db, null, patientId, patient.Timezone, patient.PreferredLanguage, ct));
        }
        if (notification.RecipientUserId is not { } userId)
        {
            return null;
        }
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.IsActive)
            .Select(u => new { u.Email, u.PreferredLanguage }).FirstOrDefaultAsync(ct);
        return user is null ? null
            : new Recipient(user.Email, null, await PreferencesAsync(db, userId, null, clinic.DefaultTimezone, user.PreferredLanguage, ct));
    }

    /// <summary>The stored preferences of a user or a patient, or the defaults (everything on, 21:00–08:00).</summary>
    public static async Task<NotificationPreference> PreferencesAsync(AppDbContext db, int? userId, int? patientId, string timezone, string language,
        CancellationToken ct)
    {
        var stored = await db.Set<NotificationPreference>().AsNoTracking()
            .FirstOrDefaultAsync(p => patientId != null ? p.PatientId == patientId : p.UserId == userId, ct);
        return stored ?? new NotificationPreference { UserId = userId, PatientId = patientId, Timezone = timezone, Language = language };
    }
}
