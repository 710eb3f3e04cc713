using System.Text.Json;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Outbox;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Messaging;

/// <summary>
/// Sends a message. Staff write to anyone of their clinic, patients to staff only; an unknown, foreign or
/// not-allowed receiver is 404. A reply joins the thread of the message it answers, which the caller must have
/// taken part in. The message and its "new message" outbox row are committed together.
/// </summary>
internal sealed class SendMessage(AppDbContext db, CurrentUser user, FieldEncryptor encryptor, MessageReader reader,
    MessagingMetrics metrics, AuditLog audit, TimeProvider clock)
{
    public const int MaxContent = 10_000;
    public const int MaxSubject = 255;

    public async Task<Outcome<MessageResponse>> HandleAsync(SendMessageRequest r, CancellationToken ct)
    {
        var validation = new Validation()
            .Check(r.ReceiverId is not null, "receiver_id", "Required.")
            .Check(!string.IsNullOrWhiteSpace(r.Content), "content", "Required.")
            .Check(r.Content is null || r.Content.Length <= MaxContent, "content", $"At most {MaxContent} characters.")
            .Optional(r.Subject, "subject", MaxSubject)
            .Check(r.ReceiverId != user.Id, "receiver_id", "You cannot write to yourself.")
            // Documents do not exist yet: an attachment can't be checked, so none is accepted rather than trusted.
            .Check(r.AttachmentIds is null || r.AttachmentIds.Count == 0, "attachment_ids", "Attachments are not available yet.");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var receiver = await db.Users.AsNoTracking()
            .Where(u => u.Id == r.ReceiverId && u.IsActive)
            .Select(u => new { u.Id, u.Role })
            .FirstOrDefaultAsync(ct);
        if (receiver is null || (user.Role == Roles.Patient && !Roles.IsStaff(receiver.Role)))
        {
            return Problem.NotFound("receiver");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        int? threadId = null;
        if (r.ReplyToId is { } replyTo)
        {
            var me = user.Id;
            var original = await db.Set<Message>().AsNoTracking()
                .Where(m => m.Id == replyTo && ((m.SenderId == me && !m.DeletedBySender) || (m.ReceiverId == me && !m.DeletedByReceiver)))
                .Select(m => new { m.ThreadId, m.SenderId, m.ReceiverId })
                .FirstOrDefaultAsync(ct);
            if (original is null)
            {
                return Problem.NotFound("message");
            }
            if (receiver.Id != original.SenderId && receiver.Id != original.ReceiverId)
            {
                return Problem.Invalid("receiver_id", "A reply goes to the other participant of the message it answers.");
            }
            threadId = original.ThreadId;
        }
        var tenantId = user.TenantId!.Value;
        var message = new Message
        {
            SenderId = user.Id,
            ReceiverId = receiver.Id,
            ReplyToId = r.ReplyToId,
            SubjectEncrypted = string.IsNullOrWhiteSpace(r.Subject) ? null : encryptor.Encrypt(tenantId, MessageFields.Subject, r.Subject.Trim()),
            ContentEncrypted = encryptor.Encrypt(tenantId, MessageFields.Content, r.Content!),
            Status = MessageStatus.Sent,
            IsUrgent = r.IsUrgent ?? false,
            CreatedAt = now,
        };
        if (threadId is { } existing)
        {
            message.ThreadId = existing;
        }
        else
        {
            message.Thread = new MessageThread { CreatedAt = now };
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Database.AutoSavepointsEnabled = false; // all-or-nothing already: no savepoint round trips
        // AddAsync: on PostgreSQL the id comes from a hi-lo block (ClientAssignedIds), fetched asynchronously.
        await db.AddAsync(message, ct);
        if (message.Id == 0)
        {
            // SQLite numbers rows itself: the message is saved before the outbox row that names it.
            await db.SaveChangesAsync(ct);
        }
        await db.AddAsync(new OutboxMessage
        {
            Type = OutboxTypes.NewMessage,
            Payload = JsonSerializer.Serialize(new { message_id = message.Id, receiver_id = message.ReceiverId, is_urgent = message.IsUrgent }),
            CreatedAt = now,
        }, ct);
        // On PostgreSQL: thread, message and outbox row in one batch, then the commit.
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.Database.AutoSavepointsEnabled = true; // the context goes back to the pool
        metrics.Sent(message.IsUrgent);
        await audit.RecordAsync(AuditActions.Create, "message", message.Id, details: $"receiver_id={message.ReceiverId}", ct: ct);
        return reader.Read(message);
    }
}
