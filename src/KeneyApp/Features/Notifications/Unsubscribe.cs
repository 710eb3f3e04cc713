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
        // Created with the recipient's own zone and language when it had none: the other notifications stay as they were.
        if (await NotificationRecipients.TrackedAsync(db, request.TenantId, request.UserId, request.PatientId, ct) is not { } preferences)
        {
            return false;
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
