using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Platform.Audit;

/// <summary>
/// Seals committed entries into their clinic's chain, oldest first, in batches: each gets the next sequence,
/// the previous entry's hash and its own HMAC, and the chain's head moves and is sealed again, in one
/// transaction. On PostgreSQL the head row is locked for that transaction, so any number of nodes may seal:
/// one chain is sealed by one of them at a time. Runs when woken (after a batch of reads) and every second
/// (changes commit their entries in their own transactions).
/// </summary>
public sealed class AuditSealer(IServiceScopeFactory scopes, KeyRing keys, ILogger<AuditSealer> logger) : BackgroundService
{
    private const int Batch = 1000;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private readonly WakeUp _wake = new();

    public void Wake() => _wake.Ring();

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SealPendingAsync(null, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Not migrated yet, or the database is away: the entries wait, committed, for the next pass.
                logger.LogWarning("Audit sealing pass failed: {ExceptionType}", e.GetType().Name);
            }
            if (!await _wake.WaitAsync(PollInterval, stoppingToken))
            {
                return;
            }
        }
    }

    /// <summary>Seals every committed entry of every chain (or of one clinic's chain: <paramref name="onlyChain"/>).</summary>
    public async Task SealPendingAsync(int? onlyChain, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var chains = await db.AuditEntries.Where(a => a.Hash == null).Select(a => a.TenantId).Distinct().ToListAsync(ct);
        foreach (var tenantId in chains.Where(t => onlyChain is null || (t ?? 0) == onlyChain))
        {
            try
            {
                while (await SealBatchAsync(tenantId, ct) == Batch)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One clinic's chain that can't be extended (a forged head, an unreadable key) must not stop the others.
                logger.LogError("Audit chain {ChainId} not sealed: {ExceptionType}", tenantId ?? 0, e.GetType().Name);
            }
        }
    }

    private async Task<int> SealBatchAsync(int? tenantId, CancellationToken ct)
    {
        // Before the transaction: a clinic's first key is created in a connection of its own.
        var (keyId, dataKey) = await keys.ActiveKeyAsync(tenantId, ct);
        var macKey = AuditChain.MacKey(dataKey);
        var chainId = tenantId ?? 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var head = await LockHeadAsync(db, chainId, ct);
        // Never seal on top of a head moved by hand: a fresh seal would make a cut tail look whole again.
        if (!await HeadHoldsAsync(db, head, tenantId, ct))
        {
            logger.LogCritical("Audit chain {ChainId}: its head does not match its seal or its last entry; sealing stopped", chainId);
            throw new InvalidOperationException($"Audit chain {chainId} has a forged head.");
        }
        var pending = await db.AuditEntries.Where(a => a.TenantId == tenantId && a.Hash == null).OrderBy(a => a.Id).Take(Batch).ToListAsync(ct);
        foreach (var entry in pending)
        {
            entry.KeyId = keyId;
            entry.Sequence = head.Sequence + 1;
            entry.PreviousHash = head.Hash;
            entry.Hash = AuditChain.Compute(entry, macKey);
            head.Sequence = head.Sequence + 1;
            head.Hash = entry.Hash;
        }
        head.KeyId = keyId;
        head.Seal = AuditChain.SealHead(chainId, head.Sequence, head.Hash, macKey);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return pending.Count;
    }

    private async Task<bool> HeadHoldsAsync(AppDbContext db, AuditHead head, int? tenantId, CancellationToken ct)
    {
        if (head.Sequence == 0 && head.Seal is null)
        {
            return head.Hash == AuditChain.Genesis; // a new chain
        }
        byte[] macKey;
        try
        {
            macKey = AuditChain.MacKey(await keys.KeyByIdAsync(head.KeyId ?? -1, tenantId, ct));
        }
        catch (DecryptionFailedException)
        {
            return false;
        }
        var sequence = head.Sequence;
        return AuditChain.SealHead(head.ChainId, head.Sequence, head.Hash, macKey) == head.Seal
            && await db.AuditEntries.AnyAsync(a => a.TenantId == tenantId && a.Sequence == sequence && a.Hash == head.Hash, ct);
    }

    /// <summary>The chain's head, created at the genesis if the chain has none yet; on PostgreSQL locked until the transaction ends.</summary>
    private static async Task<AuditHead> LockHeadAsync(AppDbContext db, int chainId, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"INSERT INTO audit_heads (chain_id, sequence, hash) VALUES ({chainId}, 0, {AuditChain.Genesis}) ON CONFLICT DO NOTHING", ct);
            return await db.Set<AuditHead>().FromSql($"SELECT * FROM audit_heads WHERE chain_id = {chainId} FOR UPDATE").SingleAsync(ct);
        }
        // SQLite: the transaction holds the database's one write lock already.
        var head = await db.Set<AuditHead>().FirstOrDefaultAsync(h => h.ChainId == chainId, ct);
        return head ?? db.Set<AuditHead>().Add(new AuditHead { ChainId = chainId, Sequence = 0, Hash = AuditChain.Genesis }).Entity;
    }
}
