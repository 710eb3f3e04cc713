using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Messaging;

/// <summary>Opens one message (the receiver opening it reads it) or marks it read; 404 once the caller deleted it.</summary>
internal sealed class OpenMessage(AppDbContext db, CurrentUser user, MessageReader reader, MessagingMetrics metrics, AuditLog audit, TimeProvider clock,
    Platform.Ui.LiveUpdates live)
{
    public async Task<Outcome<MessageResponse>> GetAsync(int id, CancellationToken ct)
    {
        var message = await db.Set<Message>().AsNoTracking().VisibleTo(user.Id).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (message is null)
        {
            return Problem.NotFound("message");
        }
        // Marking it read and the read's entry commit together.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await MarkReadAsync(message, ct);
        await audit.RecordAsync(AuditActions.Read, "message", id, ct: ct);
        await tx.CommitAsync(ct);
        if (changed)
        {
            Changed(message);
        }
        return reader.Read(message, await ParticipantNames.LoadAsync(db, [message], ct));
    }

    public async Task<Outcome<MessageResponse>> MarkReadAsync(int id, CancellationToken ct)
    {
        var me = user.Id;
        var message = await db.Set<Message>().AsNoTracking().VisibleTo(me).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (message is null)
        {
            return Problem.NotFound("message");
        }
        if (message.ReceiverId != me)
        {
            return Problem.Forbidden("Only the receiver marks a message read.");
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await MarkReadAsync(message, ct);
        await audit.RecordAsync(AuditActions.Update, "message", id, details: "status=read", ct: ct);
        await tx.CommitAsync(ct);
        if (changed)
        {
            Changed(message);
        }
        return reader.Read(message, await ParticipantNames.LoadAsync(db, [message], ct));
    }

    /// <summary>The unread counts of the reader's open pages, and the read marks of the sender's, change now.</summary>
    private void Changed(Message message)
    {
        live.Publish(message.ReceiverId, Platform.Ui.LiveUpdates.Messages);
        live.Publish(message.SenderId, Platform.Ui.LiveUpdates.Messages);
    }

    /// <summary>
    /// A conditional update: of two concurrent opens one counts the read, and nothing turns it back. True when this
    /// call marked it read.
    /// </summary>
    private async Task<bool> MarkReadAsync(Message message, CancellationToken ct)
    {
        if (message.ReceiverId != user.Id || message.Status == MessageStatus.Read)
        {
            return false;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Set<Message>().Where(m => m.Id == message.Id && m.Status != MessageStatus.Read)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Read).SetProperty(m => m.ReadAt, now)
                .SetProperty(m => m.DeliveredAt, m => m.DeliveredAt ?? now), ct);
        message.Status = MessageStatus.Read;
        message.DeliveredAt ??= now;
        message.ReadAt ??= now;
        if (changed == 1)
        {
            metrics.Read();
        }
        return changed == 1;
    }
}
