using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Messaging;

/// <summary>Hides a message for the caller only; the other participant keeps it, and nothing is erased.</summary>
internal sealed class DeleteMessage(AppDbContext db, CurrentUser user, AuditLog audit)
{
    public async Task<Outcome<bool>> HandleAsync(int id, CancellationToken ct)
    {
        var me = user.Id;
        var message = await db.Set<Message>().VisibleTo(me).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (message is null)
        {
            return Problem.NotFound("message");
        }
        if (message.SenderId == me)
        {
            message.DeletedBySender = true;
        }
        if (message.ReceiverId == me)
        {
            message.DeletedByReceiver = true;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.Delete, "message", id, ct: ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
