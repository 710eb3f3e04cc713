using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Audit;

public sealed record AuditVerification(bool Valid, long EntriesChecked, long? FirstBrokenSequence, string? Problem);

/// <summary>A checkpoint published earlier (log, /metrics): the chain must still hold that entry, with that hash.</summary>
public sealed record AuditCheckpoint(long Sequence, string Hash);

/// <summary>
/// Seals what is committed, then recomputes the clinic's chain from the first entry, a page at a time: an edited
/// field, a deleted or inserted row, or a reordering shows as the first sequence number where the chain breaks; a
/// deleted tail shows against the head, whose own seal shows a head moved back by hand; and a checkpoint, when
/// given, shows a rollback of the whole chain (tail and head together) past it.
/// </summary>
public sealed class VerifyAuditChain(AppDbContext db, KeyRing keys, AuditSealer sealer)
{
    private const int Page = 2000;

    public async Task<Outcome<AuditVerification>> HandleAsync(AuditCheckpoint? checkpoint, CancellationToken ct)
    {
        if (checkpoint is not null && (checkpoint.Sequence < 1 || checkpoint.Hash.Length != 64))
        {
            return Problem.Invalid("checkpoint_hash", "A checkpoint is a sequence (1 or more) and its 64-character hash.");
        }
        var tenantId = db.CurrentTenantId;
        var chainId = tenantId ?? 0;
        await sealer.SealPendingAsync(chainId, ct);
        // The head first, and the entries up to it only: a seal on another node meanwhile moves neither.
        var head = await db.Set<AuditHead>().AsNoTracking().FirstOrDefaultAsync(h => h.ChainId == chainId, ct);
        var last = head?.Sequence ?? 0;
        var macKeys = new Dictionary<int, byte[]>();
        var previousHash = AuditChain.Genesis;
        long expected = 1, checkedCount = 0;
        string? checkpointHashSeen = null;
        while (true)
        {
            var from = expected;
            var page = await db.AuditEntries.AsNoTracking()
                .Where(a => a.TenantId == tenantId && a.Sequence >= from && a.Sequence <= last)
                .OrderBy(a => a.Sequence).Take(Page).ToListAsync(ct);
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
                if (entry.Sequence == checkpoint?.Sequence)
                {
                    checkpointHashSeen = entry.Hash;
                }
                previousHash = entry.Hash!;
                expected++;
                checkedCount++;
            }
            if (page.Count < Page)
            {
                break;
            }
        }
        if (last != checkedCount || (head?.Hash ?? AuditChain.Genesis) != previousHash)
        {
            return new AuditVerification(false, checkedCount, expected, "missing_tail");
        }
        if (head is not null && !HeadSealHolds(head, tenantId, macKeys))
        {
            return new AuditVerification(false, checkedCount, head.Sequence, "forged_head");
        }
        if (checkpoint is not null && checkpointHashSeen != checkpoint.Hash)
        {
            return new AuditVerification(false, checkedCount, checkpoint.Sequence,
                checkpoint.Sequence > checkedCount ? "rolled_back_past_checkpoint" : "checkpoint_mismatch");
        }
        return new AuditVerification(true, checkedCount, null, null);
    }

    private bool HeadSealHolds(AuditHead head, int? tenantId, Dictionary<int, byte[]> macKeys) =>
        head.KeyId is { } keyId && MacKey(keyId, tenantId, macKeys) is { } macKey
        && AuditChain.SealHead(head.ChainId, head.Sequence, head.Hash, macKey) == head.Seal;

    private string? Seal(AuditEntry entry, int? tenantId, Dictionary<int, byte[]> macKeys) =>
        entry.KeyId is { } keyId && MacKey(keyId, tenantId, macKeys) is { } macKey ? AuditChain.Compute(entry, macKey) : null;

    private byte[]? MacKey(int keyId, int? tenantId, Dictionary<int, byte[]> macKeys)
    {
        try
        {
            if (!macKeys.TryGetValue(keyId, out var macKey))
            {
                macKeys[keyId] = macKey = AuditChain.MacKey(keys.KeyById(keyId, tenantId));
            }
            return macKey;
        }
        catch (DecryptionFailedException)
        {
            return null; // a key id that is not this clinic's: the row was forged or moved
        }
    }
}
