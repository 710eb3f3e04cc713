using System.Data.Common;
using KeneyApp.Platform.Data;

namespace KeneyApp.Features.Messaging;

/// <summary>
/// Messages read with the feature's own SQL, for a page of the caller's own (visible) messages: the column list
/// and the mapping, in one place. Only what a page answers with and marking delivered needs is read; the clinic
/// is the caller's (the query's filter), and the deletion flags are already filtered on.
/// </summary>
internal static class MessageRows
{
    public const string Columns = "id, thread_id, sender_id, receiver_id, reply_to_id, subject_encrypted, content_encrypted, " +
        "status, is_urgent, created_at, read_at, attachment_ids";

    public static Message Read(DbDataReader r, int tenantId) => new()
    {
        Id = r.GetInt32(0),
        TenantId = tenantId,
        ThreadId = r.GetInt32(1),
        SenderId = r.GetInt32(2),
        ReceiverId = r.GetInt32(3),
        ReplyToId = r.IsDBNull(4) ? null : r.GetInt32(4),
        SubjectEncrypted = r.IsDBNull(5) ? null : r.GetString(5),
        ContentEncrypted = r.GetString(6),
        Status = Enum.Parse<MessageStatus>(r.GetString(7)),
        IsUrgent = r.GetBoolean(8),
        CreatedAt = r.GetUtcDateTime(9),
        ReadAt = r.GetUtcDateTimeOrNull(10),
        AttachmentIds = r.IsDBNull(11) ? null : r.GetString(11),
    };
}
