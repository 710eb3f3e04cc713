using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Messaging;

/// <summary>The caller's side of the mailbox: messages it sent or received and has not deleted.</summary>
internal static class MessageQueries
{
    public static IQueryable<Message> VisibleTo(this IQueryable<Message> messages, int userId) =>
        messages.Where(m => (m.SenderId == userId && !m.DeletedBySender) || (m.ReceiverId == userId && !m.DeletedByReceiver));

    /// <summary>
    /// Received messages still marked sent become delivered. A conditional update, so a concurrent "read" is
    /// never overwritten back to delivered.
    /// </summary>
    public static async Task MarkDeliveredAsync(this IQueryable<Message> messages, IReadOnlyList<Message> page, int receiverId, DateTime now,
        CancellationToken ct)
    {
        var ids = page.Where(m => m.ReceiverId == receiverId && m.Status == MessageStatus.Sent).Select(m => m.Id).ToList();
        if (ids.Count == 0)
        {
            return;
        }
        await messages.Where(m => ids.Contains(m.Id) && m.Status == MessageStatus.Sent)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Delivered).SetProperty(m => m.DeliveredAt, now), ct);
        foreach (var message in page.Where(m => ids.Contains(m.Id)))
        {
            message.Status = MessageStatus.Delivered;
            message.DeliveredAt = now;
        }
    }
}
