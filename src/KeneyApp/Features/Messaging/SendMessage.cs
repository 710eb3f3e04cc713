using System.Text.Json;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Messaging;

/// <summary>
/// Sends a message. Staff write to anyone of their clinic, patients to staff only; an unknown, foreign or
/// not-allowed receiver is 404. A reply joins the thread of the message it answers, which the caller must have
/// taken part in. Attached documents are checked for both participants (<see cref="MessageAttachments"/>). The
/// message and its "new message" outbox row are committed together.
/// </summary>
internal sealed class SendMessage(AppDbContext db, CurrentUser user, FieldEncryptor encryptor,
    MessagingMetrics metrics, AuditLog audit, TimeProvider clock, Platform.Ui.LiveUpdates live,
    Platform.Jobs.OutboxSignal outbox)
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
            .Check(r.AttachmentIds);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var receiverId = r.ReceiverId!.Value;
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
            if (receiverId != original.SenderId && receiverId != original.ReceiverId)
            {
                return Problem.Invalid("receiver_id", "A reply goes to the other participant of the message it answers.");
            }
            threadId = original.ThreadId;
        }
        var tenantId = user.TenantId!.Value;
        var subject = string.IsNullOrWhiteSpace(r.Subject) ? null : r.Subject.Trim();
        var message = new Message
        {
            TenantId = tenantId,
            SenderId = user.Id,
            ReceiverId = receiverId,
            ReplyToId = r.ReplyToId,
            SubjectEncrypted = encryptor.EncryptOrNull(tenantId, MessageFields.Subject, subject),
            ContentEncrypted = encryptor.Encrypt(tenantId, MessageFields.Content, r.Content!),
            Status = MessageStatus.Sent,
            IsUrgent = r.IsUrgent ?? false,
            CreatedAt = now,
        };
        // A patient writes to staff only; anyone else looks unknown (404), so patients can't probe for each other.
        if (await ReceiverAsync(receiverId, receiverMustBeStaff: user.Role == Roles.Patient, ct) is not { } receiver)
        {
            return Problem.NotFound("receiver");
        }
        var attachments = await MessageAttachments.CheckAsync(db, user, r.AttachmentIds, receiver, ct);
        if (attachments.Problem is { } refused)
        {
            return refused;
        }
        message.AttachmentIds = attachments.Value;
        // The message, its outbox row and its audit entry commit together.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await InsertAsync(message, threadId, ct);
        await audit.RecordAsync(AuditActions.Create, "message", message.Id, details: AuditDetails(message), ct: ct);
        await tx.CommitAsync(ct);
        outbox.Ring(); // its notification goes now, not at the next poll
        live.Publish(message.ReceiverId, Platform.Ui.LiveUpdates.Messages);
        live.Publish(message.SenderId, Platform.Ui.LiveUpdates.Messages);
        metrics.Sent(message.IsUrgent);
        return MessageReader.Response(message, await ParticipantNames.LoadAsync(db, [message], ct), subject, r.Content!);
    }

    /// <summary>An active user of the caller's clinic (the query filter), and staff when the sender is a patient; or null.</summary>
    private async Task<MessageAttachments.Receiver?> ReceiverAsync(int receiverId, bool receiverMustBeStaff, CancellationToken ct)
    {
        var receiver = await db.Users.AsNoTracking()
            .Where(u => u.Id == receiverId && u.IsActive)
            .Select(u => new MessageAttachments.Receiver(u.Role, u.PatientId))
            .FirstOrDefaultAsync(ct);
        return receiver is not null && (!receiverMustBeStaff || Roles.IsStaff(receiver.Role)) ? receiver : null;
    }

    private async Task InsertAsync(Message message, int? threadId, CancellationToken ct)
    {
        // The database numbers rows: a new thread's id (its first message's) and the outbox row are written once
        // the message has its id.
        message.ThreadId = threadId ?? 0;
        db.Add(message);
        await db.SaveChangesAsync(ct);
        message.ThreadId = threadId ?? message.Id;
        db.Add(new OutboxMessage { Type = OutboxTypes.NewMessage, Payload = OutboxPayload(message), CreatedAt = message.CreatedAt });
        await db.SaveChangesAsync(ct);
    }

    private static string AuditDetails(Message message) =>
        message.AttachmentIds is null ? $"receiver_id={message.ReceiverId}" : $"receiver_id={message.ReceiverId};attachment_ids={message.AttachmentIds}";

    /// <summary>Ids only: the notification is built from the message when it is delivered.</summary>
    private static string OutboxPayload(Message message) =>
        JsonSerializer.Serialize(new { message_id = message.Id, receiver_id = message.ReceiverId, is_urgent = message.IsUrgent });
}
