using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Sharing;

/// <summary>
/// Its creator, an admin, or the patient whose record it opens ends a share at once: the link answers 404 from the
/// next request, and the document tokens already handed out die with it. A share already over is a conflict.
/// </summary>
internal sealed class RevokeShare(AppDbContext db, CurrentUser user, AuditLog audit, ShareMetrics metrics, TimeProvider clock)
{
    public async Task<Outcome<bool>> HandleAsync(int id, CancellationToken ct)
    {
        var share = await ShareReader.Visible(db, user).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (share is null)
        {
            return Problem.NotFound("share");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Conditional: an opening counted at the same moment either came first (and is the last) or finds it revoked. A
        // used-up share is revoked too: the document tokens of its last opening die with it.
        var revoked = await db.Set<RecordShare>().Where(s => s.Id == id && s.ExpiresAt > now
                && (s.Status == ShareStatuses.Active || s.Status == ShareStatuses.Locked || s.Status == ShareStatuses.Used))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, ShareStatuses.Revoked).SetProperty(x => x.RevokedAt, now)
                .SetProperty(x => x.RevokedById, user.Id).SetProperty(x => x.EmailCodeHmac, (string?)null).SetProperty(x => x.UpdatedAt, now), ct);
        if (revoked == 0)
        {
            return Problem.Conflict("This share has already ended (revoked, expired or used up).");
        }
        await audit.RecordAsync(ShareAudit.Revoke, "share", id, details: $"patient_id={share.PatientId}", ct: ct);
        await tx.CommitAsync(CancellationToken.None);
        metrics.Revoked();
        return true;
    }
}
