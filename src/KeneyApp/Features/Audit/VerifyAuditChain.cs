using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Audit;

public sealed record AuditVerification(bool Valid, long EntriesChecked, long? FirstBrokenSequence, string? Problem);

/// <summary>
/// Recomputes the clinic's sealed chain from the first entry: an edited field, a deleted or inserted row, or a
/// reordering shows as the first sequence number where the chain breaks; a deleted tail shows against the head.
/// </summary>
public sealed class VerifyAuditChain(AppDbContext db, KeyRing keys)
{
    private const int Batch = 2000;

    public async Task<AuditVerification> HandleAsync(CancellationToken ct)
    {
        var tenantId = db.CurrentTenantId;
        var macKeys = new Dictionary<int, byte[]>();
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
                    : Seal(entry, tenantId, macKeys) != entry.Hash ? "altered_entry"
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
                var head = await db.Set<AuditHead>().AsNoTracking().FirstOrDefaultAsync(h => h.ChainId == (tenantId ?? 0), ct);
                var intact = (head?.Sequence ?? 0) == checkedCount && (head?.Hash ?? AuditChain.Genesis) == previousHash;
                return intact
                    ? new AuditVerification(true, checkedCount, null, null)
                    : new AuditVerification(false, checkedCount, expected, "missing_tail");
            }
        }
    }

    private string? Seal(AuditEntry entry, int? tenantId, Dictionary<int, byte[]> macKeys)
    {
        try
        {
            if (!macKeys.TryGetValue(entry.KeyId, out var macKey))
            {
                macKeys[entry.KeyId] = macKey = AuditChain.MacKey(keys.KeyById(entry.KeyId, tenantId));
            }
            return AuditChain.Compute(entry, macKey);
        }
        catch (DecryptionFailedException)
        {
            return null; // a key id that is not this clinic's: the row was forged or moved
        }
    }
}
