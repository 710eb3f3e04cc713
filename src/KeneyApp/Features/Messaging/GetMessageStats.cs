using KeneyApp.Platform.Data;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Messaging;

/// <summary>The caller's own figures, counting only what it has not deleted.</summary>
internal sealed class GetMessageStats(AppDbContext db, CurrentUser user)
{
    public async Task<MessageStats> HandleAsync(CancellationToken ct)
    {
        var me = user.Id;
        var mine = db.Set<Message>().VisibleTo(me);
        var received = mine.Where(m => m.ReceiverId == me);
        return new MessageStats(
            await mine.CountAsync(m => m.SenderId == me, ct),
            await received.CountAsync(ct),
            await received.CountAsync(m => m.Status != MessageStatus.Read, ct),
            await received.CountAsync(m => m.Status != MessageStatus.Read && m.IsUrgent, ct),
            await mine.Select(m => m.ThreadId).Distinct().CountAsync(ct));
    }
}
