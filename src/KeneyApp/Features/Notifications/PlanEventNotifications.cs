using System.Text.Json;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Notifications;

/// <summary>
/// Turns committed events into their notifications, marking each event processed in the same transaction as the
/// rows it produced:
/// <list type="bullet">
/// <item>a new message: an e-mail to its receiver at once, an SMS as well when urgent, and for an urgent message an
/// SMS escalation planned for the clinic's delay, cancelled when it comes due if the message was read meanwhile;</item>
/// <item>a lab result released (or notified again): an e-mail and an SMS to the patient;</item>
/// <item>a share of a record opened, or locked after wrong PINs: an e-mail to the patient and, when someone else
/// created the share, to its creator.</item>
/// </list>
/// </summary>
internal sealed class PlanEventNotifications(AppDbContext db, TimeProvider clock)
{
    private static readonly string[] Handled = [OutboxTypes.NewMessage, OutboxTypes.LabResultReleased, OutboxTypes.ShareOpened, OutboxTypes.ShareLocked];

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var events = await db.Set<OutboxMessage>().IgnoreQueryFilters([QueryFilters.Tenant])
            .Where(o => Handled.Contains(o.Type) && o.ProcessedAt == null).OrderBy(o => o.Id).Take(200).ToListAsync(ct);
        var planned = 0;
        foreach (var item in events)
        {
            var rows = item.Type switch
            {
                OutboxTypes.NewMessage => await NewMessageAsync(item, ct),
                OutboxTypes.LabResultReleased => await LabResultAsync(item, ct),
                _ => await ShareEventAsync(item, ct),
            };
            var added = await NotificationPlanner.AddNewAsync(db, rows, ct);
            item.ProcessedAt = clock.GetUtcNow().UtcDateTime;
            item.Attempts++;
            planned += await NotificationPlanner.TrySaveAsync(db, ct) ? added : 0;
        }
        return planned;
    }

    private async Task<List<Notification>> NewMessageAsync(OutboxMessage item, CancellationToken ct)
    {
        var payload = JsonSerializer.Deserialize<NewMessageEvent>(item.Payload)!;
        // The sweep runs for every clinic: the users' tenant filter is off, and the event's clinic is named instead.
        var receiver = await db.Users.IgnoreQueryFilters().AsNoTracking()
            .Where(u => u.Id == payload.receiver_id && u.TenantId == item.TenantId).Select(u => new { u.Id, u.PatientId }).FirstOrDefaultAsync(ct);
        if (receiver is null)
        {
            return [];
        }
        var escalateAfter = await db.Tenants.Where(t => t.Id == item.TenantId).Select(t => t.UrgentMessageEscalationMinutes).FirstAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var eventKey = $"{NotificationTypes.NewMessage}:m{payload.message_id}";
        Notification Row(string channel, string key, DateTime? at = null, bool escalation = false) => NotificationPlanner.Row(
            item.TenantId, receiver.Id, receiver.PatientId, NotificationTypes.NewMessage, channel, key, payload.message_id, null, now, at, escalation);
        List<Notification> rows = [Row(NotificationChannels.Email, eventKey)];
        if (payload.is_urgent)
        {
            rows.Add(Row(NotificationChannels.Sms, eventKey));
            rows.Add(Row(NotificationChannels.Sms, eventKey + ":escalation", item.CreatedAt.AddMinutes(escalateAfter), escalation: true));
        }
        return rows;
    }

    private async Task<List<Notification>> LabResultAsync(OutboxMessage item, CancellationToken ct)
    {
        var payload = JsonSerializer.Deserialize<LabResultEvent>(item.Payload)!;
        var portal = await db.Users.IgnoreQueryFilters().AsNoTracking()
            .Where(u => u.TenantId == item.TenantId && u.PatientId == payload.patient_id).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        // One notice per release or re-send: the event's own id makes the key.
        var eventKey = $"{NotificationTypes.LabResultAvailable}:d{payload.document_id}:e{item.Id}";
        return [.. NotificationChannels.All.Select(channel => NotificationPlanner.Row(item.TenantId, portal, payload.patient_id,
            NotificationTypes.LabResultAvailable, channel, eventKey, payload.document_id, null, now))];
    }

    private async Task<List<Notification>> ShareEventAsync(OutboxMessage item, CancellationToken ct)
    {
        var payload = JsonSerializer.Deserialize<ShareEvent>(item.Payload)!;
        var type = item.Type == OutboxTypes.ShareOpened ? NotificationTypes.ShareOpened : NotificationTypes.ShareLocked;
        var portal = await db.Users.IgnoreQueryFilters().AsNoTracking()
            .Where(u => u.TenantId == item.TenantId && u.PatientId == payload.patient_id).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var eventKey = $"{type}:s{payload.share_id}:e{item.Id}";
        List<Notification> rows = [NotificationPlanner.Row(item.TenantId, portal, payload.patient_id, type, NotificationChannels.Email, eventKey,
            payload.share_id, item.CreatedAt, now)];
        if (payload.creator_id != portal)
        {
            rows.Add(NotificationPlanner.Row(item.TenantId, payload.creator_id, null, type, NotificationChannels.Email, eventKey, payload.share_id,
                item.CreatedAt, now));
        }
        return rows;
    }

    private sealed record ShareEvent(int share_id, int patient_id, int creator_id);

    private sealed record NewMessageEvent(int message_id, int receiver_id, bool is_urgent);

    private sealed record LabResultEvent(int document_id, int patient_id);
}
