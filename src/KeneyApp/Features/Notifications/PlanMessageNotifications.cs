using System.Text.Json;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Notifications;

/// <summary>
/// Turns each committed "new message" event into its notifications: an e-mail to the receiver at once, an SMS as
/// well when urgent, and for an urgent message an SMS escalation planned for the clinic's delay, which is
/// cancelled when it comes due if the message was read meanwhile. The event is marked processed in the same
/// transaction as the rows it produced.
/// </summary>
internal sealed class PlanMessageNotifications(AppDbContext db, TimeProvider clock)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var events = await db.Set<OutboxMessage>().IgnoreQueryFilters([QueryFilters.Tenant])
            .Where(o => o.Type == OutboxTypes.NewMessage && o.ProcessedAt == null).OrderBy(o => o.Id).Take(200).ToListAsync(ct);
        var planned = 0;
        foreach (var item in events)
        {
            planned += await PlanAsync(item, ct);
        }
        return planned;
    }

    private async Task<int> PlanAsync(OutboxMessage item, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var payload = JsonSerializer.Deserialize<NewMessageEvent>(item.Payload)!;
        // The sweep runs for every clinic: the users' tenant filter is off, and the event's clinic is named instead.
        var receiver = await db.Users.IgnoreQueryFilters().AsNoTracking()
            .Where(u => u.Id == payload.receiver_id && u.TenantId == item.TenantId).Select(u => new { u.Id, u.PatientId }).FirstOrDefaultAsync(ct);
        var escalateAfter = await db.Tenants.Where(t => t.Id == item.TenantId).Select(t => t.UrgentMessageEscalationMinutes).FirstAsync(ct);
        var rows = new List<Notification>();
        if (receiver is not null)
        {
            var eventKey = $"{NotificationTypes.NewMessage}:m{payload.message_id}";
            Notification Row(string channel, string key, DateTime? at = null, bool escalation = false) => NotificationPlanner.Row(
                item.TenantId, receiver.Id, receiver.PatientId, NotificationTypes.NewMessage, channel, key, payload.message_id, null, now, at, escalation);
            rows.Add(Row(NotificationChannels.Email, eventKey));
            if (payload.is_urgent)
            {
                rows.Add(Row(NotificationChannels.Sms, eventKey));
                rows.Add(Row(NotificationChannels.Sms, eventKey + ":escalation", item.CreatedAt.AddMinutes(escalateAfter), escalation: true));
            }
        }
        var added = await NotificationPlanner.AddNewAsync(db, rows, ct);
        item.ProcessedAt = now;
        item.Attempts++;
        return await NotificationPlanner.TrySaveAsync(db, ct) ? added : 0;
    }

    private sealed record NewMessageEvent(int message_id, int receiver_id, bool is_urgent);
}
