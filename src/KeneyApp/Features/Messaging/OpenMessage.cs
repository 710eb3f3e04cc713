using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Messaging;

/// <summary>Opens one message (the receiver opening it reads it) or marks it read; 404 once the caller deleted it.</summary>
internal sealed class OpenMessage(AppDbContext db, CurrentUser user, MessageReader reader, MessagingMetrics metrics, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<MessageResponse>> GetAsync(int id, CancellationToken ct)
    {
        var message = await db.Set<Message>().VisibleTo(user.Id).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (message is null)
        {
            return Problem.NotFound("message");
        }
        await MarkReadAsync(message, ct);
        await audit.RecordAsync(AuditActions.Read, "message", id, ct: ct);
        return reader.Read(message);
    }

    public async Task<Outcome<MessageResponse>> MarkReadAsync(int id, CancellationToken ct)
    {
        var me = user.Id;
        var message = await db.Set<Message>().VisibleTo(me).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (message is null)
        {
            return Problem.NotFound("message");
        }
        if (message.ReceiverId != me)
        {
            return Problem.Forbidden("Only the receiver marks a message read.");
        }
        await MarkReadAsync(message, ct);
        await audit.RecordAsync(AuditActions.Update, "message", id, details: "status=read", ct: ct);
        return reader.Read(message);
    }

    private async Task MarkReadAsync(Message message, CancellationToken ct)
    {
        if (message.ReceiverId != user.Id || message.Status == MessageStatus.Read)
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        message.Status = MessageStatus.Read;
        message.DeliveredAt ??= now;
        message.ReadAt = now;
        await db.SaveChangesAsync(ct);
        metrics.Read();
    }
}
