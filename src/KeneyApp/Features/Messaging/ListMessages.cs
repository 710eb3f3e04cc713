using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Messaging;

public sealed record MessageListQuery(bool UnreadOnly, bool UrgentFirst);

/// <summary>
/// The caller's inbox and sent messages, newest first (urgent first when asked). Listing is what "delivered"
/// means: received messages still marked sent become delivered.
/// </summary>
internal sealed class ListMessages(AppDbContext db, CurrentUser user, MessageReader reader, AuditLog audit, TimeProvider clock)
{
    public async Task<(IReadOnlyList<MessageResponse> Items, int Total)> HandleAsync(MessageListQuery q, Paging paging, CancellationToken ct)
    {
        var me = user.Id;
        var messages = db.Set<Message>().AsNoTracking().VisibleTo(me);
        if (q.UnreadOnly)
        {
            messages = messages.Where(m => m.ReceiverId == me && m.Status != MessageStatus.Read);
        }
        var total = await messages.CountAsync(ct);
        var ordered = q.UrgentFirst
            ? messages.OrderByDescending(m => m.IsUrgent && m.ReceiverId == me && m.Status != MessageStatus.Read).ThenByDescending(m => m.CreatedAt)
            : messages.OrderByDescending(m => m.CreatedAt);
        var page = await ordered.ThenByDescending(m => m.Id).Skip(paging.Offset).Take(paging.Count).ToListAsync(ct);
        await db.Set<Message>().MarkDeliveredAsync(page, me, clock.GetUtcNow().UtcDateTime, ct);
        await audit.RecordPageReadAsync("message", page.Select(m => m.Id), ct);
        var names = await ParticipantNames.LoadAsync(db, page, ct);
        return (page.Select(m => reader.Read(m, names)).ToList(), total);
    }
}
