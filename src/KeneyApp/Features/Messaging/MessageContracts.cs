using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using KeneyApp.Platform.Crypto;

namespace KeneyApp.Features.Messaging;

public sealed record SendMessageRequest([property: Required] int? ReceiverId, [property: Required] string? Content, string? Subject, bool? IsUrgent, IReadOnlyList<int>? AttachmentIds, int? ReplyToId);

public sealed record MessageResponse(
    int Id, int SenderId, string SenderName, int ReceiverId, string ReceiverName, string? Subject, string Content, MessageStatus Status,
    bool IsUrgent, IReadOnlyList<int> AttachmentIds, int ThreadId, int? ReplyToId, DateTime CreatedAt, DateTime? ReadAt);

public sealed record MessageStats(int TotalSent, int TotalReceived, int Unread, int UrgentUnread, int Threads);

/// <summary>Opens messages for one of their two participants (callers never get anyone else's).</summary>
public sealed class MessageReader(FieldEncryptor encryptor)
{
    public MessageResponse Read(Message m, ParticipantNames names) => Response(m, names,
        encryptor.DecryptOrNull(m.TenantId, MessageFields.Subject, m.SubjectEncrypted), encryptor.Decrypt(m.TenantId, MessageFields.Content, m.ContentEncrypted));

    /// <summary>A message whose text the caller already has in clear (its sender, just now): nothing to open.</summary>
    public static MessageResponse Response(Message m, ParticipantNames names, string? subject, string content) => new(
        m.Id, m.SenderId, names[m.SenderId], m.ReceiverId, names[m.ReceiverId], subject, content, m.Status, m.IsUrgent,
        m.AttachmentIds is null ? [] : JsonSerializer.Deserialize<int[]>(m.AttachmentIds)!, m.ThreadId, m.ReplyToId, m.CreatedAt, m.ReadAt);
}
