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

    /// <summary>
    /// A recipient's stored preferences in any clinic, tracked for a change (no one is signed in: a link, a webhook);
    /// created with its own defaults when it has none — a patient record's zone and language, or an account's
    /// language and its clinic's zone. Null when no such recipient exists in that clinic.
    /// </summary>
    public static async Task<NotificationPreference?> TrackedAsync(AppDbContext db, int tenantId, int? userId, int? patientId, CancellationToken ct)
    {
        var stored = await db.Set<NotificationPreference>().IgnoreQueryFilters([QueryFilters.Tenant])
            .FirstOrDefaultAsync(p => p.TenantId == tenantId && (patientId != null ? p.PatientId == patientId : p.UserId == userId), ct);
        if (stored is not null)
        {
            return stored;
        }
        var defaults = patientId is not null
            ? await db.Set<Patient>().IgnoreQueryFilters([QueryFilters.Tenant]).Where(p => p.Id == patientId && p.TenantId == tenantId)
                .Select(p => new { Zone = p.Timezone, Language = p.PreferredLanguage }).FirstOrDefaultAsync(ct)
            : await db.Users.IgnoreQueryFilters().Where(u => u.Id == userId && u.TenantId == tenantId)
                .Select(u => new { Zone = db.Tenants.Where(t => t.Id == tenantId).Select(t => t.DefaultTimezone).First(), Language = u.PreferredLanguage })
                .FirstOrDefaultAsync(ct);
        if (defaults is null)
        {
            return null;
        }
        var created = new NotificationPreference
        {
            TenantId = tenantId,
            UserId = patientId is null ? userId : null,
            PatientId = patientId,
            Timezone = defaults.Zone,
            Language = defaults.Language,
        };
        db.Add(created);
        return created;
    }
}
