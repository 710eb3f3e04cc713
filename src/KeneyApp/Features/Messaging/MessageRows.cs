using System.Data.Common;
using KeneyApp.Platform.Data;

namespace KeneyApp.Features.Messaging;

/// <summary>Messages read with the feature's own SQL: the column list and the mapping, in one place.</summary>
internal static class MessageRows
{
    public const string Columns = "id, tenant_id, thread_id, sender_id, receiver_id, reply_to_id, subject_encrypted, content_encrypted, " +
        "status, is_urgent, created_at, delivered_at, read_at, deleted_by_sender, deleted_by_receiver";

    public static Message Read(DbDataReader r) => new()
    {
        Id = r.GetInt32(0),
        TenantId = r.GetInt32(1),
        ThreadId = r.GetInt32(2),
        SenderId = r.GetInt32(3),
        ReceiverId = r.GetInt32(4),
        ReplyToId = r.IsDBNull(5) ? null : r.GetInt32(5),
        SubjectEncrypted = r.IsDBNull(6) ? null : r.GetString(6),
        ContentEncrypted = r.GetString(7),
        Status = Enum.Parse<MessageStatus>(r.GetString(8)),
        IsUrgent = r.GetBoolean(9),
        CreatedAt = r.GetUtcDateTime(10),
        DeliveredAt = r.GetUtcDateTimeOrNull(11),
        ReadAt = r.GetUtcDateTimeOrNull(12),
        DeletedBySender = r.GetBoolean(13),
        DeletedByReceiver = r.GetBoolean(14),
    };
}
