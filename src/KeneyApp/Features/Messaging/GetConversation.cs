using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Messaging;

/// <summary>Messages between the caller and one user of its clinic, oldest first, without those the caller deleted.</summary>
internal sealed class GetConversation(AppDbContext db, CurrentUser user, MessageReader reader, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<(IReadOnlyList<MessageResponse> Items, int Total)>> HandleAsync(int otherUserId, Paging paging, CancellationToken ct)
    {
        var me = user.Id;
        // Two ranges of the (sender, receiver, created_at, id) index, merged in order: a page reads about
        // skip + limit rows however long the conversation is (one query with an OR would sort all of it).
        var messages = db.Set<Message>().AsNoTracking()
            .Where(m => m.SenderId == me && m.ReceiverId == otherUserId && !m.DeletedBySender)
            .Concat(db.Set<Message>().AsNoTracking().Where(m => m.SenderId == otherUserId && m.ReceiverId == me && !m.DeletedByReceiver));
        var total = await messages.CountAsync(ct);
        // Messages exchanged (in this clinic, by the tenant filter) prove the other user is someone the caller
        // may talk with; only an empty conversation needs asking whether that user exists at all.
        if (total == 0 && !await MayTalkWithAsync(otherUserId, ct))
        {
            return Problem.NotFound("user");
        }
        var page = total == 0 ? [] : await messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Skip(paging.Offset).Take(paging.Count).ToListAsync(ct);
        await db.Set<Message>().MarkDeliveredAsync(page, me, clock.GetUtcNow().UtcDateTime, ct);
        await audit.RecordAsync(AuditActions.Read, "message", null, details: MessageQueries.Ids(page), ct: ct);
        return (page.Select(reader.Read).ToList(), total);
    }

    /// <summary>A patient only ever talks with staff: any other id looks unknown, so patients can't probe for each other.</summary>
    private Task<bool> MayTalkWithAsync(int otherUserId, CancellationToken ct)
    {
        var other = db.Users.Where(u => u.Id == otherUserId);
        return (user.Role == Roles.Patient ? other.Where(u => u.Role != Roles.Patient && u.Role != Roles.SuperAdmin) : other).AnyAsync(ct);
    }
}
