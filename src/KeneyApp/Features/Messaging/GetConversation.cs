using System.Data.Common;
using System.Globalization;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Messaging;

/// <summary>
/// Messages between the caller and one user of its clinic, oldest first, without those the caller deleted.
/// The most read page of the mailbox, so it runs its own SQL: the count and the page go in one round trip,
/// without EF Core's query pipeline (bench/scenarios/messaging.sh).
/// </summary>
internal sealed class GetConversation(AppDbContext db, CurrentUser user, MessageReader reader, AuditLog audit, TimeProvider clock)
{
    // A conversation, both directions, is one range of the (low_user_id, high_user_id, created_at, id) index.
    // The caller's own deletions hide a message from its side only.
    private const string Where = """
        WHERE tenant_id = @tenant_id AND low_user_id = @low AND high_user_id = @high
          AND NOT (CASE WHEN sender_id = @me THEN deleted_by_sender ELSE deleted_by_receiver END)
        """;

    public async Task<Outcome<(IReadOnlyList<MessageResponse> Items, int Total)>> HandleAsync(int otherUserId, Paging paging, CancellationToken ct)
    {
        var (total, page, names) = await db.WithConnectionAsync(connection => ReadAsync(connection, otherUserId, paging, ct), ct);
        // Messages exchanged (in this clinic) prove the other user is someone the caller may talk with; only an
        // empty conversation needs asking whether that user exists at all.
        if (total == 0 && !await MayTalkWithAsync(otherUserId, ct))
        {
            return Problem.NotFound("user");
        }
        await db.Set<Message>().MarkDeliveredAsync(page, user.Id, clock.GetUtcNow().UtcDateTime, ct);
        await audit.RecordPageReadAsync("message", page.Select(m => m.Id), ct);
        return (page.Select(m => reader.Read(m, names)).ToList(), total);
    }

    /// <summary>The conversation's latest <paramref name="count"/> messages, still oldest first (a thread on screen).</summary>
    public async Task<Outcome<(IReadOnlyList<MessageResponse> Items, int Total)>> LatestAsync(int otherUserId, int count, CancellationToken ct)
    {
        var (total, _, _) = await db.WithConnectionAsync(connection => ReadAsync(connection, otherUserId, new Paging(0, 0), ct), ct);
        return await HandleAsync(otherUserId, new Paging(Math.Max(0, total - count), count), ct);
    }

    private async Task<(int Total, List<Message> Page, ParticipantNames Names)> ReadAsync(DbConnection connection, int otherUserId, Paging paging, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        // LIMIT and OFFSET are validated integers, written into the text: PostgreSQL then keeps one plan for the
        // page instead of planning it again on each call, as it does when they are parameters.
        // The total is counted by a window over the same ordered range, not by count(*): PostgreSQL re-plans a
        // prepared count(*) on every call once one conversation dwarfs the others (its generic plan, costed for
        // the average conversation, is a sequential scan), and planning cost more than the count. A window read
        // through LIMIT 1 is costed as cheap whatever the sizes, so its one cached plan is this index range scan,
        // which is also the right plan for a conversation of any size.
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
            SELECT count(*) OVER () FROM messages {Where} ORDER BY created_at, id LIMIT 1;
            SELECT {MessageRows.Columns} FROM messages {Where}
            ORDER BY created_at, id LIMIT {paging.Count} OFFSET {paging.Offset};
            SELECT id, full_name FROM users WHERE tenant_id = @tenant_id AND id IN (@me, @other);
            """);
        var tenantId = user.TenantId!.Value;
        command.AddParameter("tenant_id", tenantId);
        command.AddParameter("low", Math.Min(user.Id, otherUserId));
        command.AddParameter("high", Math.Max(user.Id, otherUserId));
        command.AddParameter("me", user.Id);
        command.AddParameter("other", otherUserId);
        await using var rows = await command.ExecuteReaderAsync(ct);
        // No row: nothing in the conversation is visible to the caller.
        var total = await rows.ReadAsync(ct) ? Convert.ToInt32(rows.GetValue(0), CultureInfo.InvariantCulture) : 0;
        await rows.NextResultAsync(ct);
        var page = new List<Message>(Math.Min(paging.Count, total));
        while (await rows.ReadAsync(ct))
        {
            page.Add(MessageRows.Read(rows, tenantId));
        }
        // The two names in the same round trip: a conversation page is the most read page of the mailbox.
        await rows.NextResultAsync(ct);
        var names = new Dictionary<int, string>(2);
        while (await rows.ReadAsync(ct))
        {
            names[rows.GetInt32(0)] = rows.GetString(1);
        }
        return (total, page, new ParticipantNames(names));
    }

    /// <summary>A patient only ever talks with staff: any other id looks unknown, so patients can't probe for each other.</summary>
    private Task<bool> MayTalkWithAsync(int otherUserId, CancellationToken ct)
    {
        var other = db.Users.Where(u => u.Id == otherUserId);
        return (user.Role == Roles.Patient ? other.Where(u => u.Role != Roles.Patient && u.Role != Roles.SuperAdmin) : other).AnyAsync(ct);
    }
}
