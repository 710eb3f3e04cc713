using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Notifications;

public sealed record DeliveryFilter(string? Status, string? Type, string? Channel);

/// <summary>The clinic's delivery log for its admin: status, attempts and the last error's code; ids, no contact details.</summary>
internal sealed class ListDeliveries(AppDbContext db)
{
    public async Task<Outcome<(IReadOnlyList<DeliveryResponse> Items, int Total)>> HandleAsync(DeliveryFilter filter, Paging paging, CancellationToken ct)
    {
        var validation = new Validation()
            .Check(filter.Status is null || NotificationStatuses.All.Contains(filter.Status), "status", $"One of: {string.Join(", ", NotificationStatuses.All)}.")
            .Check(filter.Type is null || NotificationTypes.All.Contains(filter.Type), "type", $"One of: {string.Join(", ", NotificationTypes.All)}.")
            .Check(filter.Channel is null || NotificationChannels.All.Contains(filter.Channel), "channel", "One of: email, sms.");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var rows = db.Set<Notification>().AsNoTracking();
        rows = filter.Status is null ? rows : rows.Where(n => n.Status == filter.Status);
        rows = filter.Type is null ? rows : rows.Where(n => n.Type == filter.Type);
        rows = filter.Channel is null ? rows : rows.Where(n => n.Channel == filter.Channel);
        IReadOnlyList<DeliveryResponse> items = await rows.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Skip(paging.Offset).Take(paging.Count)
            .Select(n => new DeliveryResponse(n.Id, n.Type, n.Channel, n.Status, n.RecipientUserId, n.RecipientPatientId, n.Attempts, n.LastError,
                n.CreatedAt, n.NextAttemptAt, n.SentAt, n.DeliveredAt)).ToListAsync(ct);
        return (items, await rows.CountAsync(ct));
    }
}
