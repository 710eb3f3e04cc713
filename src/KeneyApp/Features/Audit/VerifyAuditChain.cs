using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Audit;

public sealed record AuditVerification(bool Valid, long EntriesChecked, long? FirstBrokenSequence, string? Problem);

/// <summary>
/// Recomputes the clinic's hash chain from the first entry: an edited field, a deleted or inserted row, or a
/// reordering shows as the first sequence number where the chain breaks.
/// </summary>
public sealed class VerifyAuditChain(AppDbContext db)
{
    private const int Batch = 2000;

    public async Task<AuditVerification> HandleAsync(CancellationToken ct)
    {
        var tenantId = db.CurrentTenantId;
        var previousHash = AuditChain.Genesis;
        long expected = 1, checkedCount = 0;
        while (true)
        {
            var from = expected;
            var page = await db.AuditEntries.AsNoTracking()
                .Where(a => a.TenantId == tenantId && a.Sequence >= from)
                .OrderBy(a => a.Sequence).Take(Batch).ToListAsync(ct);
            foreach (var entry in page)
            {
                var problem = entry.Sequence != expected ? "missing_entry"
                    : entry.PreviousHash != previousHash ? "broken_link"
                    : AuditChain.Compute(entry) != entry.Hash ? "altered_entry"
                    : null;
                if (problem is not null)
                {
                    return new AuditVerification(false, checkedCount, expected, problem);
                }
                previousHash = entry.Hash;
                expected++;
                checkedCount++;
            }
            if (page.Count < Batch)
            {
                return new AuditVerification(true, checkedCount, null, null);
            }
        }
    }
}
