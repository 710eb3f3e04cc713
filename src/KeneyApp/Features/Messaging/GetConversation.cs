using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Messaging;

/// <summary>Messages between the caller and one user of its clinic, oldest first, without those the caller deleted.</summary>
internal sealed class GetConversation(AppDbContext db, CurrentUser user, MessageReader reader, AuditLog audit)
{
    public async Task<Outcome<(IReadOnlyList<MessageResponse> Items, int Total)>> HandleAsync(int otherUserId, Paging paging, CancellationToken ct)
    {
        if (!await db.Users.AnyAsync(u => u.Id == otherUserId, ct))
        {
            return Problem.NotFound("user");
        }
        var me = user.Id;
        var messages = db.Set<Message>().AsNoTracking().VisibleTo(me)
            .Where(m => (m.SenderId == me && m.ReceiverId == otherUserId) || (m.SenderId == otherUserId && m.ReceiverId == me));
        var total = await messages.CountAsync(ct);
        var page = await messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Skip(paging.Offset).Take(paging.Count).ToListAsync(ct);
        await audit.RecordAsync(AuditActions.Read, "message", null, details: MessageQueries.Ids(page), ct: ct);
        return (page.Select(reader.Read).ToList(), total);
    }
}
