using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Sharing;

/// <summary>A share, with every successful opening (time and address, from the audit trail).</summary>
internal sealed class GetShare(AppDbContext db, CurrentUser user, ShareReader reader, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<ShareDetailResponse>> HandleAsync(int id, CancellationToken ct)
    {
        var share = await ShareReader.Visible(db, user).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (share is null)
        {
            return Problem.NotFound("share");
        }
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var openings = await db.AuditEntries.AsNoTracking()
            .Where(e => e.TenantId == share.TenantId && e.ResourceType == "share" && e.ResourceId == key && e.Action == ShareAudit.Access
                && e.Outcome == AuditOutcomes.Success)
            .OrderByDescending(e => e.OccurredAt).Take(200).Select(e => new ShareOpening(e.OccurredAt, e.ClientIp)).ToListAsync(ct);
        await audit.RecordAsync(AuditActions.Read, "share", id, details: $"patient_id={share.PatientId}", ct: ct);
        return new ShareDetailResponse(reader.Read(ShareStatus.AsOf(share, clock.GetUtcNow().UtcDateTime)), openings);
    }
}
