using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Notifications;

/// <summary>The caller's own notifications, newest first: addressed to its account, or (a patient) to its record.</summary>
internal sealed class ListMyNotifications(AppDbContext db, CurrentUser user)
{
    public async Task<(IReadOnlyList<NotificationResponse> Items, int Total)> HandleAsync(Paging paging, CancellationToken ct)
    {
        var me = user.Id;
        var patientId = user.PatientId;
        var mine = db.Set<Notification>().AsNoTracking()
            .Where(n => n.RecipientUserId == me || (patientId != null && n.RecipientPatientId == patientId));
        var items = await mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Skip(paging.Offset).Take(paging.Count)
            .Select(n => new NotificationResponse(n.Id, n.Type, n.Channel, n.Status, n.CreatedAt, n.SentAt)).ToListAsync(ct);
        return (items, await mine.CountAsync(ct));
    }
}
