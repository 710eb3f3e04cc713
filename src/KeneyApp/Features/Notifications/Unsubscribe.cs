using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Notifications;

/// <summary>
/// An unsubscribe link used: that type stops coming by e-mail to that recipient (the other types and channels stay
/// as they were). No sign-in: the token is the proof. Done only on a POST, since mail scanners open links.
/// </summary>
internal sealed class Unsubscribe(AppDbContext db, UnsubscribeLinks links, AuditLog audit, TimeProvider clock)
{
    /// <summary>The type the link turns off, or null for a link that is not ours.</summary>
    public string? TypeOf(string? token) => links.Read(token)?.Type;

    public async Task<bool> HandleAsync(string? token, CancellationToken ct)
    {
        if (links.Read(token) is not { } request)
        {
            return false;
        }
        var preferences = await db.Set<NotificationPreference>().IgnoreQueryFilters([QueryFilters.Tenant]).FirstOrDefaultAsync(p => p.TenantId == request.TenantId
            && (request.PatientId != null ? p.PatientId == request.PatientId : p.UserId == request.UserId), ct);
        if (preferences is null)
        {
            var clinic = await db.Tenants.Where(t => t.Id == request.TenantId).Select(t => new { t.DefaultTimezone, t.DefaultLanguage }).FirstOrDefaultAsync(ct);
            if (clinic is null)
            {
                return false;
            }
            preferences = new NotificationPreference
            {
                TenantId = request.TenantId,
                UserId = request.PatientId is null ? request.UserId : null,
                PatientId = request.PatientId,
                Timezone = clinic.DefaultTimezone,
                Language = clinic.DefaultLanguage,
            };
            db.Add(preferences);
        }
        if (preferences.Set(request.Type, NotificationChannels.Email, on: false))
        {
            preferences.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            await audit.RecordForAsync(null, null, request.TenantId, AuditActions.Update, "notification_preferences", preferences.Id,
                details: $"source=unsubscribe_link type={request.Type}", ct: ct);
        }
        return true;
    }
}
