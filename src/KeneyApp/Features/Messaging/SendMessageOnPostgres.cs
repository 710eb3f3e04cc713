using KeneyApp.Platform.Security;
using Npgsql;
using NpgsqlTypes;

namespace KeneyApp.Features.Messaging;

/// <summary>
/// A send on PostgreSQL as one statement: the receiver check, the message and its outbox row.
/// A single statement commits on its own, all or nothing, in one round trip. Through EF Core the same send took
/// a query, a batch and a commit, and its change tracking cost more CPU than PostgreSQL spent on the rows
/// (bench/scenarios/messaging.sh). SQLite, in process, keeps the EF Core path.
/// </summary>
internal static class SendMessageOnPostgres
{
    // The receiver must be an active user of the clinic; a patient may write to staff only. The sender must be a
    // user of the clinic too: on PostgreSQL no foreign key checks either id (MessageConfiguration.WithoutUserKeys).
    // No row from "receiver" means nothing is inserted, which the caller answers with 404.
    private const string Sql = """
        WITH receiver AS (
            SELECT id FROM users
            WHERE id = @receiver_id AND tenant_id = @tenant_id AND is_active AND (NOT @staff_only OR role = ANY(@staff_roles))
              AND EXISTS (SELECT 1 FROM users WHERE id = @sender_id AND tenant_id = @tenant_id)
        ), message AS (
            INSERT INTO messages (id, tenant_id, thread_id, sender_id, receiver_id, reply_to_id, subject_encrypted,
                content_encrypted, status, is_urgent, created_at, deleted_by_sender, deleted_by_receiver)
            SELECT @id, @tenant_id, @thread_id, @sender_id, receiver.id, @reply_to_id, @subject, @content, @status,
                @is_urgent, @now, false, false
            FROM receiver
            RETURNING id
        )
        INSERT INTO outbox_messages (id, tenant_id, type, payload, created_at, attempts)
        SELECT @outbox_id, @tenant_id, @outbox_type, @payload, @now, 0 FROM message
        """;

    private static readonly string[] StaffRoles = [.. Roles.Staff];

    /// <summary>Inserts <paramref name="message"/> (ids already set) and its outbox row; false if the receiver is not allowed.</summary>
    public static async Task<bool> InsertAsync(NpgsqlConnection connection, Message message, long outboxId, string payload,
        bool receiverMustBeStaff, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(Sql, connection);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<int>("receiver_id", message.ReceiverId));
        p.Add(new NpgsqlParameter<int>("tenant_id", message.TenantId));
        p.Add(new NpgsqlParameter<bool>("staff_only", receiverMustBeStaff));
        p.Add(new NpgsqlParameter<string[]>("staff_roles", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = StaffRoles });
        p.Add(new NpgsqlParameter<int>("thread_id", message.ThreadId));
        p.Add(new NpgsqlParameter<DateTime>("now", message.CreatedAt));
        p.Add(new NpgsqlParameter<int>("id", message.Id));
        p.Add(new NpgsqlParameter<int>("sender_id", message.SenderId));
        p.Add(new NpgsqlParameter("reply_to_id", NpgsqlDbType.Integer) { Value = (object?)message.ReplyToId ?? DBNull.Value });
        p.Add(new NpgsqlParameter("subject", NpgsqlDbType.Varchar) { Value = (object?)message.SubjectEncrypted ?? DBNull.Value });
        p.Add(new NpgsqlParameter<string>("content", NpgsqlDbType.Text) { TypedValue = message.ContentEncrypted });
        p.Add(new NpgsqlParameter<string>("status", NpgsqlDbType.Varchar) { TypedValue = message.Status.ToString() });
        p.Add(new NpgsqlParameter<bool>("is_urgent", message.IsUrgent));
        p.Add(new NpgsqlParameter<long>("outbox_id", outboxId));
        p.Add(new NpgsqlParameter<string>("outbox_type", NpgsqlDbType.Varchar) { TypedValue = OutboxTypes.NewMessage });
        p.Add(new NpgsqlParameter<string>("payload", NpgsqlDbType.Varchar) { TypedValue = payload });
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }
}
